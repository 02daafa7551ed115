//go:build linux

package libvirt

import (
	"context"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/qmpdash/qmpdash/app/transport/libvirt/libvirttest"
)

// Closing the stream ends every goroutine of the libvirt connection.
func TestCloseLeavesNoGoroutine(t *testing.T) {
	name := libvirttest.Domain(t)
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := dialDomain(t, ctx, name)
	if _, err := c.Execute(ctx, "query-status", nil); err != nil {
		t.Fatal(err)
	}
	c.Close()
}
