// parked: every plugin load starts a keepAlive goroutine that sets up its
// state and then parks forever in an empty select (select {}); 10 per step.
// MemProfileRate 1.
package main

import (
	"flag"
	"runtime"

	"example.com/hdgen/workload"
)

type plugin struct {
	name  string
	state []byte
}

// keepAlive holds the plugin's state and never returns.
func (p *plugin) keepAlive() {
	p.state = make([]byte, 1536)
	select {}
}

func loadPlugin(name string) {
	p := &plugin{name: name}
	go p.keepAlive()
}

func main() {
	dir := flag.String("out", ".", "snapshot directory")
	flag.Parse()
	runtime.MemProfileRate = 1
	bg := workload.Start(3)
	for step := 0; step < 8; step++ {
		for i := 0; i < 10; i++ {
			loadPlugin("p")
		}
		bg.Step(step)
		workload.Snapshot(*dir, step)
	}
}
