// labels.go - writes goroutine-labels.pb.gz: a goroutine profile whose
// goroutines carry pprof string labels (worker, tenant), so that heapdiff's
// -tagfocus/-tagignore/-tagshow/-taghide, traces and tags can be compared
// with go tool pprof on real labels.  Run: go run labels.go (Go 1.19).
package main

import (
	"context"
	"os"
	"runtime/pprof"
	"sync"
)

var block = make(chan struct{})

//go:noinline
func ingest(wg *sync.WaitGroup) { wg.Done(); <-block }

//go:noinline
func compact(wg *sync.WaitGroup) { wg.Done(); <-block }

//go:noinline
func serve(wg *sync.WaitGroup) { wg.Done(); <-block }

func start(wg *sync.WaitGroup, n int, f func(*sync.WaitGroup), labels ...string) {
	for i := 0; i < n; i++ {
		wg.Add(1)
		go pprof.Do(context.Background(), pprof.Labels(labels...), func(context.Context) { f(wg) })
	}
}

func main() {
	var wg sync.WaitGroup
	start(&wg, 5, ingest, "worker", "ingest", "tenant", "acme")
	start(&wg, 3, ingest, "worker", "ingest", "tenant", "globex")
	start(&wg, 2, compact, "worker", "compact", "tenant", "acme")
	start(&wg, 4, serve, "worker", "serve")
	start(&wg, 1, serve)
	wg.Wait()
	f, err := os.Create("goroutine-labels.pb.gz")
	if err != nil {
		panic(err)
	}
	if err := pprof.Lookup("goroutine").WriteTo(f, 0); err != nil {
		panic(err)
	}
	f.Close()
}
