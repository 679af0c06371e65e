// selectwait: each request starts a watchdog that selects on the request's
// done and cancel channels; neither is ever closed or sent on, so every
// watchdog (25 per step) waits forever with its 2 KiB context.
// MemProfileRate 16384.
package main

import (
	"flag"
	"runtime"

	"example.com/hdgen/workload"
)

type request struct {
	done, cancel chan struct{}
	ctx          []byte
}

// watchdog waits for the request to finish or be cancelled.
func watchdog(r *request) {
	trace := make([]byte, 2048)
	select {
	case <-r.done:
	case <-r.cancel:
	}
	_ = trace
}

func handle(id int) {
	r := &request{done: make(chan struct{}), cancel: make(chan struct{}),
		ctx: make([]byte, 128)}
	go watchdog(r)
	r.ctx[0] = byte(id) // done is never closed
}

func main() {
	dir := flag.String("out", ".", "snapshot directory")
	flag.Parse()
	runtime.MemProfileRate = 16384
	bg := workload.Start(3)
	for step := 0; step < 8; step++ {
		for i := 0; i < 25; i++ {
			handle(i)
		}
		bg.Step(step)
		workload.Snapshot(*dir, step)
	}
}
