// Package workload is the steady background of every heapdiff generator
// program: things that must NOT be reported as leaks.  A TTL cache that
// fills and then stays at its size, a batch buffer flushed every third
// step (sawtooth), request churn that is garbage by the next snapshot, a
// fixed pool of workers, and short-lived goroutines.  It also writes the
// snapshots.
package workload

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"time"
)

// ttlCache keeps at most max entries, evicting the oldest: bounded.
type ttlCache struct {
	max   int
	order []string
	items map[string][]byte
}

func newTTLCache(max int) *ttlCache {
	return &ttlCache{max: max, items: make(map[string][]byte, max)}
}

func (c *ttlCache) store(k string, v []byte) {
	if _, ok := c.items[k]; !ok {
		c.order = append(c.order, k)
	}
	c.items[k] = v
	for len(c.order) > c.max {
		delete(c.items, c.order[0])
		c.order = c.order[1:]
	}
}

// Background is the noise workload.
type Background struct {
	cache   *ttlCache
	batch   [][]byte
	jobs    chan []byte
	wg      sync.WaitGroup
	Digests int
}

// Start starts the fixed worker pool.
func Start(workers int) *Background {
	b := &Background{cache: newTTLCache(300), jobs: make(chan []byte)}
	for i := 0; i < workers; i++ {
		go b.compressWorker()
	}
	return b
}

func (b *Background) compressWorker() {
	for buf := range b.jobs {
		_ = strings.ToUpper(string(buf[:64]))
	}
}

// renderPage is churn: built and dropped every request.
func renderPage(i int) string {
	var sb strings.Builder
	for j := 0; j < 40; j++ {
		fmt.Fprintf(&sb, "<tr><td>%d</td><td>%d</td></tr>", i, j)
	}
	return sb.String()
}

// checksumParts is churn in short-lived goroutines.
func checksumParts(parts int) string {
	out := make(chan string, parts)
	for p := 0; p < parts; p++ {
		go func(p int) {
			h := sha1.Sum([]byte(strings.Repeat("x", 512+p)))
			out <- hex.EncodeToString(h[:])
		}(p)
	}
	var all []string
	for p := 0; p < parts; p++ {
		all = append(all, <-out)
	}
	return strings.Join(all, ",")
}

// queueBatch grows a batch that flushBatch empties: a sawtooth.
func (b *Background) queueBatch(n int) {
	for i := 0; i < n; i++ {
		b.batch = append(b.batch, make([]byte, 1024))
	}
}

func (b *Background) flushBatch() { b.batch = nil }

// Step runs one step of noise.
func (b *Background) Step(step int) {
	for i := 0; i < 200; i++ {
		_ = renderPage(i)
		key := fmt.Sprintf("k%d", (step*200+i)%1000)
		b.cache.store(key, make([]byte, 320))
	}
	b.Digests += len(checksumParts(16))
	for i := 0; i < 20; i++ {
		b.jobs <- make([]byte, 2048)
	}
	b.queueBatch(40)
	if step%3 == 2 {
		b.flushBatch()
	}
}

func emit(dir, file, which string) {
	out, err := os.Create(filepath.Join(dir, file))
	if err != nil {
		panic(err)
	}
	defer out.Close()
	if err := pprof.Lookup(which).WriteTo(out, 0); err != nil {
		panic(err)
	}
}

// Snapshot lets goroutines park, collects garbage and writes
// heap-NN.pb.gz and goroutine-NN.pb.gz.
func Snapshot(dir string, idx int) {
	time.Sleep(150 * time.Millisecond)
	runtime.GC()
	emit(dir, fmt.Sprintf("heap-%02d.pb.gz", idx), "heap")
	emit(dir, fmt.Sprintf("goroutine-%02d.pb.gz", idx), "goroutine")
}
