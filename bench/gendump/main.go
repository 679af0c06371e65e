// gendump writes a Go heap dump (runtime/debug.WriteHeapDump) with about
// -objects live heap objects, for heapdiff's heap dump benchmark
// (bench/dump).  The heap has the shapes heap dumps are made of: a linked
// list as long as a quarter of the objects (a deep chain for the dominator
// tree), a binary tree, a map of pointers, and byte slices held by a slice,
// all rooted in package variables; with -rate 1 every object also has an
// alloc sample.
//
//	go run . -objects 4000000 -out big.bin
package main

import (
	"flag"
	"log"
	"os"
	"runtime"
	"runtime/debug"
)

type node struct {
	next    *node
	payload [2]int64
}

type tnode struct {
	left, right *tnode
	key         int
}

type item struct {
	name []byte
	n    int
}

var (
	list   *node
	tree   *tnode
	index  map[int]*item
	blobs  [][]byte
	sizes  = []int{16, 48, 96, 200, 1000}
	shared *node
)

func build(depth int) *tnode {
	if depth == 0 {
		return nil
	}
	return &tnode{left: build(depth - 1), right: build(depth - 1), key: depth}
}

func main() {
	objects := flag.Int("objects", 1000000, "live objects to make (about)")
	out := flag.String("out", "dump.bin", "heap dump file")
	rate := flag.Int("rate", 512*1024, "runtime.MemProfileRate")
	flag.Parse()
	runtime.MemProfileRate = *rate
	q := *objects / 4

	for i := 0; i < q; i++ {
		list = &node{next: list, payload: [2]int64{int64(i), 0}}
	}
	depth := 1
	for (1<<depth)-1 < q {
		depth++
	}
	tree = build(depth - 1)
	index = make(map[int]*item, q/2)
	for i := 0; i < q/2; i++ {
		index[i] = &item{n: i}
	}
	blobs = make([][]byte, 0, q)
	for i := 0; i < q; i++ {
		blobs = append(blobs, make([]byte, sizes[i%len(sizes)]))
	}
	shared = list
	runtime.GC()

	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	debug.WriteHeapDump(f.Fd())
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	runtime.KeepAlive(list)
}
