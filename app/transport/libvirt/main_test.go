//go:build linux

package libvirt

import (
	"os"
	"testing"

	"github.com/qmpdash/qmpdash/app/transport/libvirt/libvirttest"
)

func TestMain(m *testing.M) { os.Exit(libvirttest.Main(m)) }
