// Writes a CPU profile whose samples carry pprof labels, for heapdiff's
// DOT tests of label nodelets.
package main

import (
	"context"
	"os"
	"runtime/pprof"
	"time"
)

var sink uint64

func spin(d time.Duration) {
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		for i := 0; i < 1000; i++ {
			sink += uint64(i) * 2654435761
		}
	}
}

func handle(ctx context.Context, d time.Duration) { spin(d) }

func main() {
	f, _ := os.Create(os.Args[1])
	pprof.StartCPUProfile(f)
	for _, c := range []struct {
		user, route string
		d           time.Duration
	}{{"alice", "/api", 300}, {"bob", "/api", 150}, {"bob", "/static", 80}, {"carol", "/admin", 40}, {"dave", "/api", 20}, {"erin", "/x", 10}} {
		pprof.Do(context.Background(), pprof.Labels("user", c.user, "route", c.route), func(ctx context.Context) {
			handle(ctx, c.d*time.Millisecond)
		})
	}
	spin(100 * time.Millisecond)
	pprof.StopCPUProfile()
	f.Close()
}
