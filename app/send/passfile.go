package send

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/qmp"
)

// ErrPassFile marks a request not sent because the file it passes could
// not be opened; the error wraps the cause too.
var ErrPassFile = errors.New("cannot open the file to pass")

// Do sends the prepared request on c and waits for its reply, as
// qmp.Client.Do does. A file the line passes (<fd=PATH, <>fd=PATH) is
// opened here, just before sending, and closed once the request is on the
// wire: the server keeps its own copy. A connection that cannot carry
// files (TCP, TLS, SSH) refuses the request with
// qmp.ErrFilesNeedLocalSocket before the file is opened.
func (p *Prepared) Do(ctx context.Context, c *qmp.Client) (*qmp.Response, error) {
	req := p.Request
	if p.File != nil {
		if !c.CanPassFiles() {
			return nil, qmp.ErrFilesNeedLocalSocket
		}
		flag := os.O_RDONLY
		if p.File.Write {
			flag = os.O_RDWR
		}
		f, err := os.OpenFile(p.File.Path, flag, 0)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrPassFile, err)
		}
		defer f.Close()
		req.Files = []*os.File{f}
	}
	return c.Do(ctx, req)
}

// refuseFiles refuses, before anything is sent, a line that passes a file
// on a connection that cannot carry one, so the user keeps the line.
func refuseFiles(line *cmdline.Line, c *qmp.Client) error {
	if line.File != nil && !c.CanPassFiles() {
		return qmp.ErrFilesNeedLocalSocket
	}
	return nil
}
