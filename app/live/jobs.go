package live

import "time"

// jobStatuses that are over: the job did its work or gave up.
var jobFinished = []string{"concluded", "null"}

// JobsView is the block and other background jobs of each VM: query-jobs
// for every job's status and progress, joined with query-block-jobs for a
// block job's speed limit, which only changes when someone sets it: it is
// asked every fifth refresh, and at once after a job event or a row's
// action. A job that ends stays listed until dismissed.
func JobsView() *View {
	id := []Arg{{Name: "id", Path: "job.id"}}
	return &View{
		Name: "jobs", Title: "Jobs",
		Queries: []Query{
			{Command: "query-jobs", As: "job", Key: "id"},
			{Command: "query-block-jobs", As: "block", Key: "device", Optional: true, Every: 5},
		},
		Status: "job.status", Finished: jobFinished, Keep: true,
		Columns: []Column{
			{Name: "VM", Path: "vm", Width: 10},
			{Name: "TYPE", Path: "job.type", Width: 8},
			{Name: "ID", Path: "job.id", Width: 12},
			{Name: "STATUS", Path: "job.status", Width: 9},
			{Name: "PROGRESS", Path: "job.current-progress", Total: "job.total-progress", Kind: Progress, Width: 20},
			{Name: "RATE", Path: "job.current-progress", Kind: Rate, Width: 12},
			{Name: "ETA", Path: "job.current-progress", Total: "job.total-progress", Kind: ETA, Width: 7},
			{Name: "SPEED", Path: "block.speed", Kind: BytesPerSec, Width: 12},
			{Name: "ERROR", Path: "job.error", Width: 30},
		},
		Interval:   time.Second,
		Summarised: true,
		RefreshOn:  []string{"JOB_STATUS_CHANGE", "BLOCK_JOB_READY", "BLOCK_JOB_COMPLETED", "BLOCK_JOB_CANCELLED", "BLOCK_JOB_ERROR", "BLOCK_JOB_PENDING"},
		Actions: []Action{
			{Name: "pause", Command: "job-pause", Args: id, When: []string{"running", "ready"}},
			{Name: "resume", Command: "job-resume", Args: id, When: []string{"paused", "standby"}},
			{Name: "set-speed", Command: "block-job-set-speed", Args: []Arg{{Name: "device", Path: "job.id"}, {Name: "speed", Path: "block.speed"}},
				When: []string{"created", "running", "paused", "ready", "standby"}, Edit: true},
			{Name: "cancel", Command: "job-cancel", Args: id, When: []string{"created", "running", "paused", "ready", "standby"}},
			{Name: "complete", Command: "job-complete", Args: id, When: []string{"ready"}},
			{Name: "finalize", Command: "job-finalize", Args: id, When: []string{"pending"}},
			{Name: "dismiss", Command: "job-dismiss", Args: id, When: []string{"concluded"}, ForgetsGone: true},
		},
	}
}
