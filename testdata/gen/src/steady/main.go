// steady: CONTROL, no leak.  The same shapes as the leaking programs, done
// right: tickers stopped, every sender has a reader, sessions deleted on
// logout, callbacks unregistered.
package main

import (
	"flag"
	"runtime"
	"time"

	"example.com/hdgen/workload"
)

type account struct {
	name string
	blob [64]byte
}

type registry struct {
	live map[int]*account
}

func (r *registry) login(id int)  { r.live[id] = &account{name: "u"} }
func (r *registry) logout(id int) { delete(r.live, id) }

// pollOnce uses a ticker and stops it.
func pollOnce() {
	t := time.NewTicker(time.Millisecond)
	defer t.Stop()
	<-t.C
}

// fanIn reads every answer it asked for.
func fanIn() int {
	answers := make(chan []byte)
	for r := 0; r < 4; r++ {
		go func() { answers <- make([]byte, 4096) }()
	}
	n := 0
	for r := 0; r < 4; r++ {
		n += len(<-answers)
	}
	return n
}

func main() {
	dir := flag.String("out", ".", "snapshot directory")
	flag.Parse()
	runtime.MemProfileRate = 1
	r := &registry{live: make(map[int]*account)}
	bg := workload.Start(3)
	id := 0
	for step := 0; step < 8; step++ {
		for i := 0; i < 300; i++ {
			r.login(id)
			if id >= 300 {
				r.logout(id - 300)
			}
			id++
		}
		for i := 0; i < 10; i++ {
			pollOnce()
			_ = fanIn()
		}
		bg.Step(step)
		workload.Snapshot(*dir, step)
	}
}
