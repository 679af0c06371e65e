// chansend: a "first answer wins" lookup asks 4 replicas, takes the first
// answer and returns; the other 3 goroutines block forever sending on the
// unbuffered channel, each holding its 8 KiB response.  Sampled at Go's
// default MemProfileRate (512 KiB).
package main

import (
	"flag"

	"example.com/hdgen/workload"
)

// queryReplica builds a response and sends it; only the first is read.
func queryReplica(id int, answers chan<- []byte) {
	resp := make([]byte, 8192)
	resp[0] = byte(id)
	answers <- resp
}

func lookup() byte {
	answers := make(chan []byte)
	for r := 0; r < 4; r++ {
		go queryReplica(r, answers)
	}
	return (<-answers)[0]
}

func main() {
	dir := flag.String("out", ".", "snapshot directory")
	flag.Parse()
	bg := workload.Start(4)
	for step := 0; step < 8; step++ {
		for i := 0; i < 30; i++ {
			_ = lookup()
		}
		bg.Step(step)
		workload.Snapshot(*dir, step)
	}
}
