package qmptest

import (
	"runtime"
	"syscall"
	"time"
)

// HeapAfterGC is the live heap right after a collection: what a
// benchmark's memory budget per VM is measured in.
func HeapAfterGC() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// CPUTime is the user and system time this process has used so far: a
// benchmark's CPU budget is the difference over a measured interval.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
