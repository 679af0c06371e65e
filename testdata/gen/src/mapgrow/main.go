// mapgrow: a session table keyed by id; sessions are added on login and
// never deleted on logout.
package main

import (
	"flag"
	"runtime"

	"example.com/hdgen/workload"
)

type session struct {
	user  string
	token [48]byte
	seen  int64
}

type sessionTable struct {
	byID map[uint64]*session
}

// admit records a session; nothing ever deletes it.
func (t *sessionTable) admit(id uint64, user string) {
	t.byID[id] = &session{user: user, seen: int64(id)}
}

func main() {
	dir := flag.String("out", ".", "snapshot directory")
	flag.Parse()
	runtime.MemProfileRate = 1
	t := &sessionTable{byID: make(map[uint64]*session)}
	bg := workload.Start(2)
	next := uint64(1)
	for step := 0; step < 8; step++ {
		for i := 0; i < 400; i++ {
			t.admit(next, "user")
			next++
		}
		bg.Step(step)
		workload.Snapshot(*dir, step)
	}
}
