// Package store holds what qmpdash remembers of its VMs in memory: the
// bounded histories a session fills and views read. EventLog is one VM's
// events seen through an EventFilter, with per-name statistics and the
// Trouble rules that flag events meaning something went wrong;
// MergedEvents is several VMs' events in receive order; CommandLog is the
// commands sent and what became of them; NoticeLog is the messages for the
// user. Limits says how much each may hold and Usage what it holds.
// An EventLog also keeps the VM's and each name's event rate of the last
// minute in one-second buckets (RateSeries), for sparklines; a CommandLog
// sums up the latencies of a command name it holds (Latency).
//
// Invariants:
//   - Every store is bounded, by count and by bytes: EventLog and
//     CommandLog by their Limits (a message over Limits.MessageBytes is
//     kept cut, in a copy, its full size noted), NoticeLog by a count of
//     notices of at most 4 KiB each, the per-name statistics (a rate
//     series of a fixed 60 buckets each) by a count of names. Counting an
//     event in its rate series costs O(1) and never allocates. Memory
//     grows with use, never past the bounds.
//   - A full store evicts its oldest entries first and counts what it
//     evicted (Evicted, Usage), so a view can say what is gone.
//   - Entry numbers (EventEntry.Seq, CommandEntry.Seq) grow by one per
//     entry and are never reused, so a view can hold a selection by them
//     across evictions and filter switches.
//   - The logs (EventLog, MergedEvents, CommandLog, NoticeLog) are safe
//     for concurrent use; a Trouble is read-only once parsed, and an
//     EventLog keeps its own copy of the EventFilter it is given. Reading
//     a window of a history costs what the window holds, not what the
//     history holds.
//   - No I/O, no goroutines, no widgets: sessions write, views read and
//     poll Version to learn when to redraw. The one process-wide effect
//     is PaceCollector, which a command calls once at start-up to keep the
//     garbage beside what is live near a fixed slack: HeapGrowth's percent
//     for full histories, more while the heap is small.
//   - It imports qmp (the messages it stores) and app/termtext (command
//     summaries), nothing else of qmpdash: app and views import it.
package store
