package views

import (
	"errors"
	"fmt"
	"strings"
)

// metaOpen is :open ADDR [as NAME]: watch one more VM.
func (d *Dashboard) metaOpen(arg string) error {
	fields := strings.Fields(arg)
	var addr, name string
	switch {
	case len(fields) == 1:
		addr = fields[0]
	case len(fields) == 3 && fields[1] == "as":
		addr, name = fields[0], fields[2]
	default:
		return errors.New("usage: :open ADDRESS [as NAME]")
	}
	s, err := d.fleet.Open(addr, name)
	if err != nil {
		return err
	}
	d.syncFleet()
	d.focusVM(s)
	d.overview.selectVM(s)
	return nil
}

// metaClose is :close [NAME]: stop watching a VM (the focused one by
// default). The last VM stays: quit instead.
func (d *Dashboard) metaClose(arg string) error {
	name := strings.TrimSpace(arg)
	if name == "" {
		name = d.session.Name()
	}
	if d.fleet.Session(name) == nil {
		return fmt.Errorf("no VM named %q", name)
	}
	if d.fleet.Len() == 1 {
		return errors.New("this is the last VM; quit with q or Ctrl-C instead")
	}
	if err := d.fleet.Remove(name); err != nil {
		return err
	}
	d.syncFleet()
	return nil
}

// metaVM is :vm NAME: put a VM in front.
func (d *Dashboard) metaVM(arg string) error {
	s := d.fleet.Session(strings.TrimSpace(arg))
	if s == nil {
		return fmt.Errorf("no VM named %q; the strip at the top lists them", strings.TrimSpace(arg))
	}
	d.focusVM(s)
	d.overview.selectVM(s)
	return nil
}
