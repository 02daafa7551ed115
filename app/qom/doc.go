// Package qom is a lazy model of a VM's QOM composition tree, for the
// QOM browser and `qmpdash qom`: no widgets.
//
// Invariants:
//   - Nothing is fetched that was not asked for: an object's properties
//     are listed (qom-list) only when it is expanded or loaded, and a
//     property's value is read (qom-get) only while it is wanted (the
//     browser wants the leaves it shows). The whole tree of a q35 guest
//     is never fetched unless every node is expanded.
//   - At most one request is in flight per Model, whoever asked: the
//     background worker and the synchronous Load and Read share one lock
//     around the Poller. The queues of objects to list and of values to
//     read are bounded; a value read within Fresh is not read again.
//   - Memory is bounded: past MaxNodes loaded nodes, children are
//     refused and counted (Refused), and the object they belong to is
//     marked Partial.
//   - Requests are automatic (session.Session.Poll: an auto: id, in the
//     session log, never in the command log); changing a value is the
//     user's own qom-set, typed or pre-filled in the input line, and goes
//     through app/send with its policy and confirmation.
package qom
