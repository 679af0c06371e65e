// listeners: every upload registers a progress callback on a shared
// notifier and never unregisters it; the notifier keeps each callback with
// its own 1 KiB scratch buffer.  MemProfileRate 4096.
package main

import (
	"flag"
	"runtime"

	"example.com/hdgen/workload"
)

type progressFunc func(done, total int)

type notifier struct {
	subs []*subscription
}

type subscription struct {
	fn      progressFunc
	scratch []byte
}

// Subscribe keeps fn until... never: there is no Unsubscribe.
func (n *notifier) Subscribe(fn progressFunc) {
	n.subs = append(n.subs, &subscription{fn: fn, scratch: make([]byte, 1024)})
}

func (n *notifier) publish(done, total int) {
	for _, s := range n.subs {
		s.fn(done, total)
	}
}

var uploads = &notifier{}

func startUpload(name string) {
	uploads.Subscribe(func(done, total int) { _ = name })
}

func main() {
	dir := flag.String("out", ".", "snapshot directory")
	flag.Parse()
	runtime.MemProfileRate = 4096
	bg := workload.Start(3)
	for step := 0; step < 8; step++ {
		for i := 0; i < 60; i++ {
			startUpload("file")
		}
		uploads.publish(step, 8)
		bg.Step(step)
		workload.Snapshot(*dir, step)
	}
}
