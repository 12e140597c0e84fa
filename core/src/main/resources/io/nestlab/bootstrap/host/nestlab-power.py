#!/usr/bin/python3
"""NestLab: the VMs inside the lab's ESXi hosts (guests, and vCenter when it runs on a host),
driven through each host's own API as root, so that it works whether vCenter runs or not.

  stop-guests --except NAME --record FILE --deadline S  shut down every running VM but NAME
      (guest shutdown when VMware Tools run, else power off), record their names in FILE, and
      power off any still running at the deadline
  stop-vm NAME --deadline S         the same for one VM
  start-vm NAME --deadline S        power NAME on, wait until it runs
  start-guests --record FILE --deadline S  power on the VMs FILE names
  rotate-esxi                       a new root password on every ESXi host (docs/design/0137)
  list                              every VM on every host, as JSON on stdout

Each takes --inventory lab.json --secrets secrets.env. Prints no secret; human lines on stderr.
The hosts are on the lab's private libvirt network, reachable from this L1 host only; their
self-signed certificates are not verified (vCenter's are, in nestlab-configure.py).
"""

import argparse
import importlib.util
import json
import os
import ssl
import sys
import time

from pyVim.connect import Disconnect, SmartConnect
from pyVmomi import vim


def log(message):
    print("nestlab: %s" % message, file=sys.stderr)


def read_secrets(path):
    out = {}
    with open(path) as f:
        for line in f:
            key, sep, value = line.rstrip("\n").partition("=")
            if sep:
                out[key] = value
    return out


def connect(ip, password):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    # The hosts' API is on 443; tests point it at a simulator's port.
    port = int(os.environ.get("NESTLAB_ESXI_API_PORT", "443"))
    return SmartConnect(host=ip, port=port, user="root", pwd=password, sslContext=context)


def all_vms(si):
    content = si.RetrieveContent()
    view = content.viewManager.CreateContainerView(content.rootFolder, [vim.VirtualMachine], True)
    try:
        return list(view.view)
    finally:
        view.Destroy()


def wait_task(task, deadline):
    while task.info.state in (vim.TaskInfo.State.queued, vim.TaskInfo.State.running):
        if time.time() > deadline:
            raise TimeoutError("task %s did not end in time" % task.info.key)
        time.sleep(2)
    if task.info.state != vim.TaskInfo.State.success:
        raise RuntimeError(str(task.info.error.msg if task.info.error else task.info.state))


class Lab:
    def __init__(self, inventory, secrets):
        with open(inventory) as f:
            self.inventory = json.load(f)
        self.secrets = read_secrets(secrets)
        self.sessions = []

    def hosts(self):
        return self.inventory["hosts"]

    def session(self, host):
        si = connect(host["ip"], self.secrets["ESXI_ROOT_PASSWORD"])
        self.sessions.append(si)
        return si

    def vms(self):
        """(host name, vm) for every VM on every host."""
        out = []
        for h in self.hosts():
            for vm in all_vms(self.session(h)):
                out.append((h["name"], vm))
        return out

    def close(self):
        for si in self.sessions:
            try:
                Disconnect(si)
            except Exception:  # noqa: BLE001 - closing is best effort
                pass


def powered_on(vm):
    return vm.runtime.powerState == vim.VirtualMachinePowerState.poweredOn


def stop(vms, seconds):
    """Asks every VM to shut down, then powers off what still runs at the deadline."""
    deadline = time.time() + seconds
    for vm in vms:
        tools = vm.guest.toolsRunningStatus if vm.guest else None
        if tools == "guestToolsRunning":
            log("shutting down %s (guest shutdown)" % vm.name)
            vm.ShutdownGuest()
        else:
            log("powering off %s (no VMware Tools running)" % vm.name)
            wait_task(vm.PowerOffVM_Task(), deadline + 60)
    while any(powered_on(vm) for vm in vms):
        if time.time() > deadline:
            for vm in vms:
                if powered_on(vm):
                    log("%s did not shut down in %ss: powering it off" % (vm.name, seconds))
                    wait_task(vm.PowerOffVM_Task(), time.time() + 120)
            break
        time.sleep(5)


def start(vms, seconds):
    deadline = time.time() + seconds
    for vm in vms:
        if not powered_on(vm):
            log("powering on %s" % vm.name)
            wait_task(vm.PowerOnVM_Task(), deadline)


def cmd_list(lab, args):
    out = [{"name": vm.name, "host": host, "state": str(vm.runtime.powerState)}
           for host, vm in lab.vms()]
    print(json.dumps(sorted(out, key=lambda v: (v["host"], v["name"]))))


def cmd_stop_guests(lab, args):
    running = [vm for _, vm in lab.vms() if powered_on(vm) and vm.name != args.except_]
    names = sorted(vm.name for vm in running)
    os.makedirs(os.path.dirname(args.record) or ".", exist_ok=True)
    with open(args.record + ".part", "w") as f:
        json.dump({"running": names}, f)
    os.replace(args.record + ".part", args.record)
    stop(running, args.deadline)


def named(lab, names):
    found = [vm for _, vm in lab.vms() if vm.name in names]
    missing = set(names) - {vm.name for vm in found}
    if missing:
        raise LookupError("no VM named %s on the lab's hosts" % ", ".join(sorted(missing)))
    return found


def cmd_stop_vm(lab, args):
    stop([vm for vm in named(lab, [args.name]) if powered_on(vm)], args.deadline)


def cmd_start_vm(lab, args):
    start(named(lab, [args.name]), args.deadline)


def cmd_start_guests(lab, args):
    with open(args.record) as f:
        names = json.load(f).get("running", [])
    if names:
        start(named(lab, names), args.deadline)


def new_password():
    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location(
        "nestlab_secrets", os.path.join(here, "nestlab-secrets.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.password()


def write_secrets(path, values):
    tmp = path + ".part"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        for key, value in values.items():
            f.write("%s=%s\n" % (key, value))
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def cmd_rotate_esxi(lab, args):
    """A new root password on every host. The new one is written to a root-only pending file
    first, so a run cut short resumes with it (a host that takes it already is done)."""
    pending = args.secrets + ".rotating"
    if os.path.exists(pending):
        new = read_secrets(pending)["ESXI_ROOT_PASSWORD"]
    else:
        new = new_password()
        write_secrets(pending, {"ESXI_ROOT_PASSWORD": new})
    old = lab.secrets["ESXI_ROOT_PASSWORD"]
    for h in lab.hosts():
        try:
            Disconnect(connect(h["ip"], new))
            log("%s: root password already rotated" % h["name"])
            continue
        except vim.fault.InvalidLogin:
            pass
        si = connect(h["ip"], old)
        try:
            account = vim.host.LocalAccountManager.PosixAccountSpecification(id="root", password=new)
            si.RetrieveContent().accountManager.UpdateUser(account)
            log("%s: root password rotated" % h["name"])
        finally:
            Disconnect(si)
    values = dict(lab.secrets)
    values["ESXI_ROOT_PASSWORD"] = new
    write_secrets(args.secrets, values)
    os.remove(pending)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="nestlab-power.py")
    parser.add_argument("command", choices=[
        "stop-guests", "stop-vm", "start-vm", "start-guests", "rotate-esxi", "list"])
    parser.add_argument("name", nargs="?")
    parser.add_argument("--inventory", required=True)
    parser.add_argument("--secrets", required=True)
    parser.add_argument("--except", dest="except_", default="")
    parser.add_argument("--record")
    parser.add_argument("--deadline", type=int, default=600)
    args = parser.parse_args(argv)
    if args.command in ("stop-vm", "start-vm") and not args.name:
        parser.error("%s needs the VM's name" % args.command)
    if args.command in ("stop-guests", "start-guests") and not args.record:
        parser.error("%s needs --record FILE" % args.command)
    lab = Lab(args.inventory, args.secrets)
    try:
        {
            "stop-guests": cmd_stop_guests,
            "stop-vm": cmd_stop_vm,
            "start-vm": cmd_start_vm,
            "start-guests": cmd_start_guests,
            "rotate-esxi": cmd_rotate_esxi,
            "list": cmd_list,
        }[args.command](lab, args)
    except (vim.fault.VimFault, vmodl_fault(), LookupError, TimeoutError, RuntimeError,
            OSError) as e:
        log("%s failed: %s" % (args.command, getattr(e, "msg", None) or e))
        return 1
    finally:
        lab.close()
    return 0


def vmodl_fault():
    from pyVmomi import vmodl
    return vmodl.MethodFault


if __name__ == "__main__":
    sys.exit(main())
