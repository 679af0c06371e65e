// tickers: every step opens 12 connection monitors, each with a
// time.NewTicker and a goroutine ranging over its channel; nothing ever
// stops them (before Go 1.23 an unstopped ticker is never collected).
package main

import (
	"flag"
	"runtime"
	"sync/atomic"
	"time"

	"example.com/hdgen/workload"
)

var beats int64

type linkMonitor struct {
	peer   string
	ticker *time.Ticker
	stats  []int64
}

// watchLink counts heartbeats forever: it ranges over the ticker's channel.
func (m *linkMonitor) watchLink() {
	for range m.ticker.C {
		atomic.AddInt64(&beats, 1)
	}
}

// openMonitor starts a monitor and forgets to ever stop it.
func openMonitor(peer string) *linkMonitor {
	m := &linkMonitor{peer: peer, ticker: time.NewTicker(time.Hour),
		stats: make([]int64, 64)}
	go m.watchLink()
	return m
}

func main() {
	dir := flag.String("out", ".", "snapshot directory")
	flag.Parse()
	runtime.MemProfileRate = 1
	bg := workload.Start(3)
	for step := 0; step < 8; step++ {
		for i := 0; i < 12; i++ {
			_ = openMonitor("peer")
		}
		bg.Step(step)
		workload.Snapshot(*dir, step)
	}
}
