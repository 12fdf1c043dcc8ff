// Package pgtest starts a throw-away PostgreSQL cluster for tests: initdb
// into a temporary folder and pg_ctl start on a free loopback port, as an
// unprivileged user (the "postgres" account of Debian's postgresql
// package when the tests run as root, as CI does).
//
// When no server can be started the test is skipped with the reason,
// except with CI=true, where it fails: CI installs the package, so a
// missing server there is a broken setup, not a machine without one.
package pgtest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Server is a running throw-away cluster.
type Server struct {
	// URL connects to the "postgres" database as User, without the
	// password, e.g. postgres://doppel@127.0.0.1:54321/postgres?sslmode=disable.
	URL      string
	User     string
	Password string // set PGPASSWORD (or write a .pgpass) to connect
	Port     int
}

// Start starts a cluster for the test and stops it when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	s, err := start(t)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL test server: %v (CI=true: CI installs Debian's postgresql package, so this is a failure)", err)
		}
		t.Skipf("no PostgreSQL test server: %v (install Debian's postgresql package to run this test; with CI=true it fails instead)", err)
	}
	return s
}

func start(t testing.TB) (*Server, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	// As root, the cluster runs as the postgres account: initdb and the
	// server refuse to run as root.
	var runAs []string
	var uid, gid = -1, -1
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("running as root and no postgres user to run the server as: %v", err)
		}
		runuser, err := exec.LookPath("runuser")
		if err != nil {
			return nil, fmt.Errorf("running as root and no runuser: %v", err)
		}
		runAs = []string{runuser, "-u", "postgres", "--"}
		uid, _ = strconv.Atoi(u.Uid)
		gid, _ = strconv.Atoi(u.Gid)
	}
	dir, err := os.MkdirTemp("", "doppel-pgtest-")
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if uid >= 0 {
		if err := os.Chown(dir, uid, gid); err != nil {
			return nil, err
		}
	}
	const pgUser = "doppel"
	password := fmt.Sprintf("pw-%d-%d", os.Getpid(), time.Now().UnixNano())
	pwFile := filepath.Join(dir, "pw")
	if err := os.WriteFile(pwFile, []byte(password+"\n"), 0o600); err != nil {
		return nil, err
	}
	if uid >= 0 {
		if err := os.Chown(pwFile, uid, gid); err != nil {
			return nil, err
		}
	}
	data := filepath.Join(dir, "data")
	run := func(name string, args ...string) error {
		argv := append(slices.Clone(runAs), filepath.Join(bin, name))
		argv = append(argv, args...)
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Dir = dir
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("%s: %v: %s", name, err, strings.TrimSpace(out.String()))
		}
		return nil
	}
	if err := run("initdb", "-D", data, "-U", pgUser, "--pwfile", pwFile, "--auth", "scram-sha-256",
		"-E", "UTF8", "--locale", "C", "--no-sync"); err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off", port, data)
	if err := run("pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "start"); err != nil {
		if log, rerr := os.ReadFile(filepath.Join(dir, "log")); rerr == nil {
			err = fmt.Errorf("%v; server log: %s", err, bytes.TrimSpace(log))
		}
		return nil, err
	}
	t.Cleanup(func() {
		if err := run("pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"); err != nil {
			t.Logf("stopping the test server: %v", err)
		}
	})
	s := &Server{
		URL:  fmt.Sprintf("postgres://%s@127.0.0.1:%d/postgres?sslmode=disable", pgUser, port),
		User: pgUser, Password: password, Port: port,
	}
	return s, nil
}

// Connect opens a connection to the server's postgres database, closed
// when the test ends.
func (s *Server) Connect(t testing.TB) *pgx.Conn {
	t.Helper()
	cfg, err := pgx.ParseConfig(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Password = s.Password
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatalf("connect to the test server: %v", err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// Exec runs statements on the server's postgres database.
func (s *Server) Exec(t testing.TB, stmts ...string) {
	t.Helper()
	conn := s.Connect(t)
	for _, st := range stmts {
		if _, err := conn.Exec(context.Background(), st); err != nil {
			t.Fatalf("%s: %v", st, err)
		}
	}
}

// binDir finds the newest PostgreSQL server's bin folder: PG_BIN, or
// Debian's /usr/lib/postgresql/VERSION/bin, or initdb on PATH.
func binDir() (string, error) {
	if d := os.Getenv("PG_BIN"); d != "" {
		return d, nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(dirs, func(a, b string) int {
		va, _ := strconv.Atoi(filepath.Base(filepath.Dir(a)))
		vb, _ := strconv.Atoi(filepath.Base(filepath.Dir(b)))
		return va - vb
	})
	for i := len(dirs) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(dirs[i], "initdb")); err == nil {
			return dirs[i], nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", fmt.Errorf("no initdb (looked in /usr/lib/postgresql/*/bin, PG_BIN and PATH)")
}

// freePort returns a loopback TCP port that was free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
