// Command serve serves a built site on the loopback interface with exactly the headers of
// the site's _headers file, as the end-to-end tests do, so that tools/lighthouse/run.sh
// audits the site as it is deployed.
//
//	go run ./tools/lighthouse/serve -dir public -addr 127.0.0.1:8080
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"pyevidence/tools/e2e"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "serve: %v\n", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	dir := fs.String("dir", "public", "the built site")
	addr := fs.String("addr", "127.0.0.1:0", "address to listen on; loopback only")
	if err := fs.Parse(args); err != nil {
		return err
	}
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("-addr %s: serve listens on a loopback address only", *addr)
	}
	b, err := os.ReadFile(filepath.Join(*dir, "_headers"))
	if err != nil {
		return fmt.Errorf("the built site has no _headers: %w", err)
	}
	rules, err := e2e.ParseHeaders(string(b))
	if err != nil {
		return fmt.Errorf("%s: %w", filepath.Join(*dir, "_headers"), err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: e2e.Handler(rules, http.FileServer(http.Dir(*dir))), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "http://%s/\n", ln.Addr())
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
