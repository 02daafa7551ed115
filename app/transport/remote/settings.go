package remote

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/user"
	"path/filepath"
	"strings"

	"github.com/kevinburke/ssh_config"
)

// SSHSettings says where the user's SSH set-up lives. DefaultSSHSettings
// fills it from $HOME and $SSH_AUTH_SOCK; tests point it at a temp dir.
type SSHSettings struct {
	// ConfigFile is the ssh_config(5) file whose HostName, User, Port and
	// IdentityFile apply to host aliases; "" or a missing file means none.
	ConfigFile string
	// KnownHosts are the known_hosts files host keys are checked against;
	// missing files are skipped, and with none every host is unknown.
	KnownHosts []string
	// DefaultIdentities are the key files tried after the agent's keys
	// and the host's IdentityFile entries; missing files are skipped.
	DefaultIdentities []string
	// AgentSocket is the SSH agent's socket; "" means no agent.
	AgentSocket string
	// LocalUser logs in when neither the address nor the config names a
	// user; "" means the current user.
	LocalUser string
}

// DefaultSSHSettings is the user's own set-up: ~/.ssh/config,
// ~/.ssh/known_hosts and /etc/ssh/ssh_known_hosts, the default keys
// id_ed25519, id_ecdsa and id_rsa, and the agent at $SSH_AUTH_SOCK.
func DefaultSSHSettings() SSHSettings {
	home, _ := os.UserHomeDir()
	dot := filepath.Join(home, ".ssh")
	return SSHSettings{
		ConfigFile:  filepath.Join(dot, "config"),
		KnownHosts:  []string{filepath.Join(dot, "known_hosts"), "/etc/ssh/ssh_known_hosts"},
		AgentSocket: os.Getenv("SSH_AUTH_SOCK"),
		DefaultIdentities: []string{
			filepath.Join(dot, "id_ed25519"), filepath.Join(dot, "id_ecdsa"), filepath.Join(dot, "id_rsa"),
		},
	}
}

// sshTarget is an address with ~/.ssh/config applied: whom to log in as,
// where to connect, and which extra keys to offer.
type sshTarget struct {
	user       string
	hostPort   string // where to connect, also the known_hosts lookup
	identities []string
	path       string
}

// key identifies the SSH connection a target shares.
func (t sshTarget) key() string { return t.user + "@" + t.hostPort }

// resolve applies the SSH config to an address. Values in the address win
// over the config, as with ssh(1).
func (s SSHSettings) resolve(a SSHAddress) (sshTarget, error) {
	cfg, err := s.loadConfig()
	if err != nil {
		return sshTarget{}, err
	}
	get := func(key string) string {
		if cfg == nil {
			return ""
		}
		v, _ := cfg.Get(a.Host, key)
		return v
	}
	t := sshTarget{user: a.User, path: a.Path}
	if t.user == "" {
		t.user = get("User")
	}
	if t.user == "" {
		if t.user, err = s.localUser(); err != nil {
			return sshTarget{}, err
		}
	}
	host, port := get("HostName"), a.Port
	if host == "" {
		host = a.Host
	}
	host = strings.ReplaceAll(host, "%h", a.Host)
	if port == "" {
		port = get("Port")
	}
	if port == "" {
		port = "22"
	}
	t.hostPort = net.JoinHostPort(host, port)
	if cfg != nil {
		files, _ := cfg.GetAll(a.Host, "IdentityFile")
		for _, f := range files {
			t.identities = append(t.identities, expandTokens(f, a.Host, host, t.user))
		}
	}
	return t, nil
}

// loadConfig reads ConfigFile; nil when there is none.
func (s SSHSettings) loadConfig() (*ssh_config.Config, error) {
	if s.ConfigFile == "" {
		return nil, nil
	}
	f, err := os.Open(s.ConfigFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cfg, err := ssh_config.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w (qmpdash reads HostName, User, Port and IdentityFile from it)", s.ConfigFile, err)
	}
	return cfg, nil
}

func (s SSHSettings) localUser() (string, error) {
	if s.LocalUser != "" {
		return s.LocalUser, nil
	}
	u, err := user.Current()
	if err != nil {
		return "", fmt.Errorf("ssh: no user in the address or the SSH config, and the local user is unknown: %w", err)
	}
	return u.Username, nil
}

// expandTokens expands ~ and the ssh_config tokens IdentityFile commonly
// uses: %d (home), %u (local user), %h (host name), %n (alias), %r (remote
// user) and %%.
func expandTokens(p, alias, host, remoteUser string) string {
	home, _ := os.UserHomeDir()
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		p = filepath.Join(home, rest)
	}
	local := ""
	if u, err := user.Current(); err == nil {
		local = u.Username
	}
	r := strings.NewReplacer("%%", "%", "%d", home, "%u", local, "%h", host, "%n", alias, "%r", remoteUser)
	return r.Replace(p)
}
