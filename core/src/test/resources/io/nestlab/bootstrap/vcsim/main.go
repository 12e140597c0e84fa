// A vSphere API simulator for NestLab's configuration-script IT: govmomi's simulator with an
// empty vCenter inventory, TLS on loopback. Prints its URL, then serves until stdin closes,
// so it never outlives the test that started it.
package main

import (
	"crypto/tls"
	"fmt"
	"io"
	"io/ioutil"
	"net/url"
	"os"

	"github.com/vmware/govmomi/simulator"
)

func main() {
	model := simulator.VPX()
	model.Datacenter = 0
	model.Cluster = 0
	model.Host = 0
	model.Machine = 0
	defer model.Remove()
	if err := model.Create(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	model.Service.Listen = &url.URL{Host: "127.0.0.1:0", User: url.UserPassword("user", "pass")}
	model.Service.TLS = new(tls.Config)
	server := model.Service.NewServer()
	defer server.Close()
	fmt.Println(server.URL.String())
	_, _ = io.Copy(ioutil.Discard, os.Stdin)
}
