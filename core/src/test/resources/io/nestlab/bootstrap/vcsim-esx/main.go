// A vSphere API simulator for NestLab's power-helper IT: govmomi's simulator as one standalone
// ESXi host with three powered-on VMs, TLS on loopback, root's password from the first argument.
// Prints its URL, then serves until stdin closes, so it never outlives the test that started it.
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
	model := simulator.ESX()
	model.Machine = 3
	defer model.Remove()
	if err := model.Create(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	model.Service.Listen = &url.URL{Host: "127.0.0.1:0", User: url.UserPassword("root", os.Args[1])}
	model.Service.TLS = new(tls.Config)
	server := model.Service.NewServer()
	defer server.Close()
	fmt.Println(server.URL.String())
	_, _ = io.Copy(ioutil.Discard, os.Stdin)
}
