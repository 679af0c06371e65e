// Command dumpseries writes a short series of Go heap dumps of a program
// that leaks: every step, openSession appends a session (with a 1 KiB
// buffer) to the global slice sessions, which nothing ever shrinks, while
// a bounded cache (cachePut) and short-lived garbage (churn) stay level.
// heapdiff's browser tests read the series: sessions must be the retainer
// of openSession's objects, growing from dump to dump.
//
// usage: dumpseries -out DIR   (writes DIR/heapdump-00.bin .. -03.bin)
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
)

type session struct {
	id  int
	buf []byte
}

// sessions is the leak: appended to every step, never trimmed.
var sessions []*session

// cache is bounded noise: at most 64 entries.
var cache = map[int][]byte{}

var sink int

//go:noinline
func openSession(id int) {
	s := &session{id: id, buf: make([]byte, 1024)}
	sessions = append(sessions, s)
}

//go:noinline
func cachePut(k int) {
	if len(cache) >= 64 {
		for old := range cache {
			delete(cache, old)
			break
		}
	}
	cache[k] = make([]byte, 512)
}

//go:noinline
func churn(n int) {
	for i := 0; i < n; i++ {
		b := make([]byte, 256)
		sink += len(b)
	}
}

func main() {
	out := flag.String("out", ".", "directory for the dumps")
	flag.Parse()
	runtime.MemProfileRate = 1
	id := 0
	for step := 0; step < 4; step++ {
		for i := 0; i < 100; i++ {
			openSession(id)
			cachePut(id)
			churn(4)
			id++
		}
		runtime.GC()
		name := filepath.Join(*out, fmt.Sprintf("heapdump-%02d.bin", step))
		f, err := os.Create(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		debug.WriteHeapDump(f.Fd())
		f.Close()
	}
}
