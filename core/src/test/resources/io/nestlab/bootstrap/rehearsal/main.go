// A vSphere API simulator for NestLab's rehearsal ITs: govmomi's simulator with one cluster of
// three hosts, TLS on loopback, plus what the rehearsal reads from a vCenter appliance (its
// deployment status, version and health on the management API) and control endpoints with which
// the tests' stub programs play the upgrade: a host that reboots on a build, a vCenter that comes
// back on a build. govmomi's ReconfigureComputeResource_Task ignores drsConfig (it applies rules,
// groups and VM overrides only), so this program applies a cluster's DRS enablement and default
// behavior from the request itself and keeps every change (/nestlab/drs). Prints its URL, then
// serves until stdin closes.
package main

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"io/ioutil"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

var (
	mu         sync.Mutex
	deployment = "CONFIGURED"
	health     = "green"
	drsChanges = []string{} // "CLUSTER BEHAVIOR" per ReconfigureComputeResource_Task with drsConfig
	reconfig   = regexp.MustCompile(`(?s)<ReconfigureComputeResource_Task[^>]*>.*?<_this[^>]*>([^<]+)</_this>.*?<drsConfig>(.*?)</drsConfig>`)
	behavior   = regexp.MustCompile(`<defaultVmBehavior>([^<]+)</defaultVmBehavior>`)
	drsEnabled = regexp.MustCompile(`<enabled>([^<]+)</enabled>`)
)

// applyDrs sets the DRS part of a ReconfigureComputeResource_Task request on its cluster, which
// the simulator's own handler leaves alone; the request then goes on to the simulator.
func applyDrs(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/sdk") {
			body, err := ioutil.ReadAll(r.Body)
			if err == nil {
				r.Body = ioutil.NopCloser(bytes.NewReader(body))
				if m := reconfig.FindSubmatch(body); m != nil {
					mu.Lock()
					for _, e := range simulator.Map.All("ClusterComputeResource") {
						c := e.(*simulator.ClusterComputeResource)
						if c.Self.Value != string(m[1]) {
							continue
						}
						cfg := c.ConfigurationEx.(*types.ClusterConfigInfoEx)
						if b := behavior.FindSubmatch(m[2]); b != nil {
							cfg.DrsConfig.DefaultVmBehavior = types.DrsBehavior(b[1])
							drsChanges = append(drsChanges, c.Name+" "+string(b[1]))
						}
						if en := drsEnabled.FindSubmatch(m[2]); en != nil {
							v := string(en[1]) == "true"
							cfg.DrsConfig.Enabled = &v
						}
					}
					mu.Unlock()
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

func reply(w http.ResponseWriter, v interface{}) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]interface{}{"value": v})
}

func serviceContent() *types.ServiceContent {
	si := simulator.Map.Get(vim25.ServiceInstance).(*simulator.ServiceInstance)
	return &si.Content
}

func main() {
	model := simulator.VPX()
	model.Host = 0
	model.Machine = 1
	defer model.Remove()
	if err := model.Create(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	start := map[string]string{"build": os.Args[1], "version": os.Args[2], "esxi": os.Args[3]}
	reset := func() {
		mu.Lock()
		defer mu.Unlock()
		deployment, health = "CONFIGURED", "green"
		drsChanges = []string{}
		about := &serviceContent().About
		about.Build, about.Version = start["build"], start["version"]
		for _, e := range simulator.Map.All("HostSystem") {
			h := e.(*simulator.HostSystem)
			h.Config.Product.Build = start["esxi"]
			h.Summary.Config.Product.Build = start["esxi"]
			h.Runtime.InMaintenanceMode = false
		}
		for _, e := range simulator.Map.All("ClusterComputeResource") {
			c := e.(*simulator.ClusterComputeResource)
			cfg := c.ConfigurationEx.(*types.ClusterConfigInfoEx)
			enabled := true
			cfg.DrsConfig.Enabled = &enabled
			cfg.DrsConfig.DefaultVmBehavior = types.DrsBehaviorFullyAutomated
		}
		om := simulator.Map.Get(*serviceContent().Setting).(*simulator.OptionManager)
		var kept []types.BaseOptionValue
		for _, o := range om.Setting { // vCLS retreat mode set by an earlier rehearsal
			if !strings.HasPrefix(o.GetOptionValue().Key, "config.vcls.") {
				kept = append(kept, o)
			}
		}
		om.Setting = kept
		for _, e := range simulator.Map.All("VirtualMachine") {
			vm := e.(*simulator.VirtualMachine)
			vm.GuestHeartbeatStatus = types.ManagedEntityStatusGreen
		}
	}
	reset()
	model.Service.Listen = &url.URL{Host: "127.0.0.1:0", User: url.UserPassword("user", "pass")}
	model.Service.TLS = new(tls.Config)
	model.Service.HandleFunc("/rest/vcenter/deployment", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		reply(w, map[string]string{"state": deployment})
	})
	model.Service.HandleFunc("/rest/appliance/system/version", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		a := serviceContent().About
		reply(w, map[string]string{"version": a.Version, "build": a.Build})
	})
	model.Service.HandleFunc("/rest/appliance/health/system", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		reply(w, health)
	})
	// /nestlab/reset: the inventory as it started.
	model.Service.HandleFunc("/nestlab/reset", func(w http.ResponseWriter, r *http.Request) {
		reset()
		reply(w, "reset")
	})
	// /nestlab/vcenter?build=B&version=V&deployment=S: the appliance after (or during) an upgrade.
	model.Service.HandleFunc("/nestlab/vcenter", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		q := r.URL.Query()
		about := &serviceContent().About
		if b := q.Get("build"); b != "" {
			about.Build = b
		}
		if v := q.Get("version"); v != "" {
			about.Version = v
		}
		if s := q.Get("deployment"); s != "" {
			deployment = s
		}
		if s := q.Get("health"); s != "" {
			health = s
		}
		reply(w, "ok")
	})
	// /nestlab/host?name=N&build=B: host N rebooted (boot time now) on build B.
	model.Service.HandleFunc("/nestlab/host", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		q := r.URL.Query()
		for _, e := range simulator.Map.All("HostSystem") {
			h := e.(*simulator.HostSystem)
			if h.Name != q.Get("name") {
				continue
			}
			if !h.Runtime.InMaintenanceMode { // the rehearsal reboots a host only in maintenance mode
				http.Error(w, h.Name+" is not in maintenance mode", http.StatusConflict)
				return
			}
			now := time.Now().Add(time.Second)
			h.Config.Product.Build = q.Get("build")
			h.Summary.Config.Product.Build = q.Get("build")
			h.Runtime.BootTime = &now
			h.Runtime.ConnectionState = types.HostSystemConnectionStateConnected
			reply(w, "ok")
			return
		}
		http.Error(w, "no host "+q.Get("name"), http.StatusNotFound)
	})
	// /nestlab/inventory: what the tests compare between runs.
	model.Service.HandleFunc("/nestlab/inventory", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		out := map[string]interface{}{"vcenter": serviceContent().About.Build}
		hosts := map[string]interface{}{}
		for _, e := range simulator.Map.All("HostSystem") {
			h := e.(*simulator.HostSystem)
			hosts[h.Name] = map[string]interface{}{"build": h.Config.Product.Build,
				"maintenance": h.Runtime.InMaintenanceMode}
		}
		out["hosts"] = hosts
		clusters := map[string]interface{}{}
		for _, e := range simulator.Map.All("ClusterComputeResource") {
			c := e.(*simulator.ClusterComputeResource)
			clusters[c.Name] = string(c.ConfigurationEx.(*types.ClusterConfigInfoEx).DrsConfig.DefaultVmBehavior)
		}
		out["clusters"] = clusters
		reply(w, out)
	})
	// /nestlab/drs: every DRS change a client made, in order.
	model.Service.HandleFunc("/nestlab/drs", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		reply(w, drsChanges)
	})
	server := model.Service.NewServer()
	defer server.Close()
	server.Config.Handler = applyDrs(server.Config.Handler) // before the first request
	var _ mo.Reference
	fmt.Println(server.URL.String())
	_, _ = io.Copy(ioutil.Discard, os.Stdin)
}
