// slicegrow: a metrics aggregator goroutine runs for the life of the
// program and appends every sample it receives to a local window that it
// never trims.  MemProfileRate 1.
package main

import (
	"flag"
	"runtime"

	"example.com/hdgen/workload"
)

type sample struct {
	value int64
	tags  [5]int64
}

// aggregate keeps every sample: the window only grows.
func aggregate(in <-chan int64, sums chan<- int64) {
	var window []*sample
	var total int64
	for v := range in {
		window = append(window, &sample{value: v})
		total += v
		if len(window)%100 == 0 {
			sums <- total
		}
	}
}

func main() {
	dir := flag.String("out", ".", "snapshot directory")
	flag.Parse()
	runtime.MemProfileRate = 1
	in, sums := make(chan int64), make(chan int64, 64)
	go aggregate(in, sums)
	bg := workload.Start(3)
	for step := 0; step < 8; step++ {
		for i := 0; i < 500; i++ {
			in <- int64(i)
		}
		for len(sums) > 0 {
			<-sums
		}
		bg.Step(step)
		workload.Snapshot(*dir, step)
	}
}
