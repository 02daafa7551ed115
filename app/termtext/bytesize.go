package termtext

import (
	"fmt"
	"strconv"
	"strings"
)

// byteKeys says which keys of QMP messages hold byte counts, so that the
// condensed view can show 268435456 as "268435456 (256 MiB)". QMP's schema
// types them all as plain ints; the names are the evidence.
var byteKeys = struct {
	// names are last key segments that are bytes wherever they appear.
	names map[string]bool
	// suffixes end last key segments that are bytes.
	suffixes []string
	// parents maps a last segment to the keys it is bytes under (for
	// migration's ram.total and the like, where total alone says nothing).
	parents map[string][]string
	// rates are last key segments that are bytes per second.
	rates map[string]bool
}{
	names: map[string]bool{
		"size": true, "len": true, "offset": true, "actual": true, "granularity": true,
		"base-memory": true, "plugged-memory": true, "free-mem": true, "memory": true,
		"bytes": true, "buf-size": true, "cache-size": true, "xbzrle-cache-size": true,
	},
	suffixes: []string{"-size", "_size", "-bytes", "_bytes"},
	parents: map[string][]string{
		"total": {"ram", "disk"}, "transferred": {"ram", "disk"}, "remaining": {"ram", "disk"},
		"postcopy-bytes": {"ram"}, "precopy-bytes": {"ram"}, "downtime-bytes": {"ram"},
	},
	rates: map[string]bool{
		"speed": true, "bps": true, "bps_rd": true, "bps_wr": true, "bps_max": true,
		"bps_rd_max": true, "bps_wr_max": true, "max-bandwidth": true, "max-postcopy-bandwidth": true,
	},
}

// byteUnit reports whether the value at the dotted key is a byte count
// ("B") or a rate ("B/s"), or neither (""). Array elements have the key of
// their array.
func byteUnit(key string) string {
	last, parent := key, ""
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		last = key[i+1:]
		parent = key[:i]
		if j := strings.LastIndexByte(parent, '.'); j >= 0 {
			parent = parent[j+1:]
		}
	}
	switch {
	case byteKeys.rates[last]:
		return "B/s"
	case byteKeys.names[last]:
		return "B"
	}
	for _, s := range byteKeys.suffixes {
		if strings.HasSuffix(last, s) {
			return "B"
		}
	}
	for _, p := range byteKeys.parents[last] {
		if p == parent {
			return "B"
		}
	}
	return ""
}

// HumanBytes renders a JSON number of bytes in binary units with at most
// one decimal ("256 MiB", "1.5 GiB"), or "" when that says nothing more
// than the number: under 1 KiB, negative, or not a whole number.
func HumanBytes(num string) string {
	n, err := strconv.ParseUint(num, 10, 64)
	if err != nil || n < 1024 {
		return ""
	}
	units := []string{"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	v, u := float64(n)/1024, 0
	for v >= 1024 && u < len(units)-1 {
		v /= 1024
		u++
	}
	s := strconv.FormatFloat(v, 'f', 1, 64)
	return strings.TrimSuffix(s, ".0") + " " + units[u]
}

// FormatBytes writes a byte count for people: "512 B", "3.2 KiB",
// "256.0 MiB".
func FormatBytes(n uint64) string {
	const unit = 1024
	if n < unit {
		return strconv.FormatUint(n, 10) + " B"
	}
	div, exp := uint64(unit), 0
	for m := n / unit; m >= unit && exp < 4; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTP"[exp])
}
