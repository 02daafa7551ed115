package guest

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestParseRecordsAndTheKernelDependency(t *testing.T) {
	out := []byte(`Package: linux-image-cloud-amd64
Source: linux-signed-amd64 (6.1.192+3)
Version: 6.1.192-3
Depends: linux-image-6.1.0-57-cloud-amd64 (= 6.1.192-3)
Description: Linux for x86-64 cloud (meta-package)
 This package depends on the latest Linux kernel and modules
 Depends: not a field

Package: busybox-static
Version: 1:1.35.0-4+deb12u1+b1
Depends: libc6
`)
	r := parseRecords(out)
	if got := r[busyboxPackage]["Version"]; got != "1:1.35.0-4+deb12u1+b1" {
		t.Errorf("busybox version %q", got)
	}
	k, err := kernelDependency(r[kernelMeta]["Depends"])
	if err != nil || k != (debPackage{"linux-image-6.1.0-57-cloud-amd64", "6.1.192-3"}) {
		t.Errorf("kernel %+v, %v", k, err)
	}
	if _, err := kernelDependency("linux-base, kmod"); err == nil {
		t.Error("a Depends without a kernel package was accepted")
	}
}

func TestWithoutAptTheErrorNamesThePackages(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, _, err := resolvePackages(context.Background(), t.TempDir())
	if !errors.Is(err, ErrPackages) {
		t.Fatalf("err = %v, want ErrPackages", err)
	}
	for _, name := range []string{busyboxPackage, kernelMeta, "make deps"} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("the error does not name %s: %v", name, err)
		}
	}
}
