// httpbody: a status poller GETs a local server and never closes the
// response body, so no connection is ever reused: every request leaves a
// client connection (persistConn read and write loops, bufio buffers) and
// a server connection behind.  MemProfileRate 1.
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"runtime"

	"example.com/hdgen/workload"
)

// fetchStatus asks for the status and reads only the status code.
func fetchStatus(client *http.Client, url string) int {
	resp, err := client.Get(url)
	if err != nil {
		panic(err)
	}
	return resp.StatusCode // resp.Body is never closed
}

func main() {
	dir := flag.String("out", ".", "snapshot directory")
	flag.Parse()
	runtime.MemProfileRate = 1
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "ok %s\n", r.URL.Path)
	}))
	client := &http.Client{}
	url := "http://" + ln.Addr().String() + "/status"
	bg := workload.Start(3)
	for step := 0; step < 8; step++ {
		for i := 0; i < 6; i++ {
			_ = fetchStatus(client, url)
		}
		bg.Step(step)
		workload.Snapshot(*dir, step)
	}
}
