// mutexwait: flushLedger takes the ledger's lock and, on its error path,
// returns without unlocking; from then on every recordEntry goroutine
// (15 per step) blocks forever in Lock, holding its entry.
package main

import (
	"errors"
	"flag"
	"runtime"
	"sync"

	"example.com/hdgen/workload"
)

type ledger struct {
	mu      sync.Mutex
	entries [][]byte
}

var errDiskFull = errors.New("disk full")

// flushLedger forgets to unlock when the write fails.
func (l *ledger) flushLedger(fail bool) error {
	l.mu.Lock()
	if fail {
		return errDiskFull
	}
	l.entries = l.entries[:0]
	l.mu.Unlock()
	return nil
}

// recordEntry builds an entry, then waits for the lock.
func (l *ledger) recordEntry(n int) {
	e := make([]byte, 640)
	e[0] = byte(n)
	l.mu.Lock()
	l.entries = append(l.entries, e)
	l.mu.Unlock()
}

func main() {
	dir := flag.String("out", ".", "snapshot directory")
	flag.Parse()
	runtime.MemProfileRate = 1
	l := &ledger{}
	_ = l.flushLedger(true)
	bg := workload.Start(3)
	for step := 0; step < 8; step++ {
		for i := 0; i < 15; i++ {
			go l.recordEntry(i)
		}
		bg.Step(step)
		workload.Snapshot(*dir, step)
	}
}
