"""Prints the simulator's inventory as JSON for the IT's assertions; or creates a local datastore."""
import json, ssl, sys
from pyVim.connect import SmartConnect, Disconnect
from pyVmomi import vim

host, port, action = sys.argv[1], int(sys.argv[2]), sys.argv[3]
si = SmartConnect(host=host, port=port, user="user", pwd="pass",
                  sslContext=ssl._create_unverified_context())
content = si.RetrieveContent()
def all_of(kind):
    view = content.viewManager.CreateContainerView(content.rootFolder, [kind], True)
    try:
        return list(view.view)
    finally:
        view.Destroy()
if action == "datastore":
    h = next(h for h in all_of(vim.HostSystem) if h.name == sys.argv[4])
    h.configManager.datastoreSystem.CreateLocalDatastore(name=sys.argv[5], path=sys.argv[6])
else:
    out = {"datacenters": [d.name for d in all_of(vim.Datacenter)],
           "clusters": {c.name: {"hosts": sorted(h.name for h in c.host),
                                 "drs": bool(c.configurationEx.drsConfig.enabled)}
                        for c in all_of(vim.ClusterComputeResource)},
           "vms": {v.name: {"power": str(v.runtime.powerState), "cpus": v.config.hardware.numCPU,
                            "memoryMB": v.config.hardware.memoryMB,
                            "host": v.runtime.host.name if v.runtime.host else None,
                            "iso": [d.backing.fileName for d in v.config.hardware.device
                                    if isinstance(d, vim.vm.device.VirtualCdrom)
                                    and isinstance(d.backing, vim.vm.device.VirtualCdrom.IsoBackingInfo)]}
                   for v in all_of(vim.VirtualMachine)},
           "options": {}}
    try:
        out["options"] = {o.key: o.value for o in content.setting.QueryOptions("config.vcls.")}
    except vim.fault.InvalidName:
        pass
    print(json.dumps(out))
Disconnect(si)
