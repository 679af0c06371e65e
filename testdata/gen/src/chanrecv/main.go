// chanrecv: each upload starts waitForAck, which waits on the upload's ack
// channel; the uploader returns early on its error path without sending
// or closing, so 16 waiters per step (with their 1 KiB receipts) wait
// forever.  MemProfileRate 1.
package main

import (
	"flag"
	"runtime"

	"example.com/hdgen/workload"
)

type upload struct {
	ack chan bool
}

// waitForAck keeps a receipt until the upload is acknowledged.
func waitForAck(u *upload) {
	receipt := make([]byte, 1024)
	if <-u.ack {
		receipt[0] = 1
	}
}

// startUpload fails half of the time and then forgets the waiter.
func startUpload(i int) {
	u := &upload{ack: make(chan bool)}
	go waitForAck(u)
	if i%2 == 1 {
		return // error path: no ack, no close
	}
	u.ack <- true
}

func main() {
	dir := flag.String("out", ".", "snapshot directory")
	flag.Parse()
	runtime.MemProfileRate = 1
	bg := workload.Start(3)
	for step := 0; step < 8; step++ {
		for i := 0; i < 32; i++ {
			startUpload(i)
		}
		bg.Step(step)
		workload.Snapshot(*dir, step)
	}
}
