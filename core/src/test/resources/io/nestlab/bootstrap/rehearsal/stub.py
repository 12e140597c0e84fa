#!/usr/bin/python3
"""The L1 host's outside world for nestlab-rehearsal's ITs: one program installed under the names
virsh, vcsa-deploy, ssh, scp, getent, chronyc, ping and xorriso in a sandbox's bin/.

State lives in $STUB_DIR: libvirt/DOM.xml and DOM.state (the domains), hosts (DNS), calls.log
(every call, with the rehearsal step that made it), world.json (the simulator's URL, the target
builds, hosts that come back on the old build). $STUB_DIR/kill-at "N [parent] [WORD]" makes call N
(counting only calls with WORD in them, when given) kill the detached run, or the program that
called the stub with "parent" (SIGKILL, as a lost machine or `kill -9` would); the file is then
removed and the stub carries on: what it was asked to do happens, unseen by the killed caller.
$STUB_DIR/installer-hold keeps the vCenter upgrade (vcsa-deploy upgrade TEMPLATE) running until
the file is removed.
"""
import datetime
import fcntl
import json
import os
import shutil
import signal
import ssl
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

D = os.environ["STUB_DIR"]
NAME = os.path.basename(sys.argv[0])
ARGS = sys.argv[1:]


def world():
    with open(os.path.join(D, "world.json")) as f:
        return json.load(f)


def control(path):
    ctx = ssl._create_unverified_context()
    with urllib.request.urlopen(world()["url"] + path, context=ctx, timeout=30) as r:
        r.read()


def count():
    """Appends this call to calls.log; returns the log's lines."""
    with open(os.path.join(D, "calls.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        path = os.path.join(D, "calls.log")
        n = 1
        if os.path.exists(path):
            with open(path) as f:
                n = sum(1 for _ in f) + 1
        step = "-"
        journal = os.path.join(os.environ.get("NESTLAB_REHEARSAL_DIR", "/nonexistent"),
                               "journal.json")
        if os.environ.get("STUB_IN_RUN") != "0" and os.path.exists(journal):
            try:
                with open(journal) as f:
                    j = json.load(f)
                step = next((s["id"] for s in j["steps"] if s["state"] == "running"), "-")
            except ValueError:
                pass
        with open(path, "a") as f:
            f.write("%d %s %s %s\n" % (n, step, NAME, " ".join(ARGS)))
        with open(path) as f:
            return f.read().splitlines()


def maybe_kill(lines):
    k = os.path.join(D, "kill-at")
    if not os.path.exists(k):
        return
    with open(k) as f:
        words = f.read().split()
    parent = "parent" in words[1:]
    word = next((w for w in words[1:] if w != "parent"), None)
    n = sum(1 for line in lines if word is None or word in line.split()[2:])
    if int(words[0]) != n or (word is not None and word not in lines[-1].split()[2:]):
        return
    os.unlink(k)
    if parent:  # the verb that called this program (checkpoint create, ...)
        pid = os.getppid()
    else:  # the detached run
        with open(os.path.join(os.environ["NESTLAB_REHEARSAL_DIR"], "run.pid")) as f:
            pid = int(f.read().strip())
    os.kill(pid, signal.SIGKILL)


def dom_path(dom, ext):
    return os.path.join(D, "libvirt", dom + "." + ext)


def virsh():
    verb, rest = ARGS[0], ARGS[1:]
    rest = [a for a in rest if a not in ("--inactive", "--live", "--config")]
    if verb == "list":
        for f in sorted(os.listdir(os.path.join(D, "libvirt"))):
            if f.endswith(".xml") and not f.startswith("net"):
                print(f[:-4])
        return 0
    if verb == "define":
        root = ET.parse(rest[0]).getroot()
        with open(dom_path(root.find("name").text, "xml"), "w") as f:
            f.write(ET.tostring(root, encoding="unicode"))
        return 0
    if verb == "net-dumpxml":
        with open(os.path.join(D, "libvirt", "net.xml")) as f:
            print(f.read())
        return 0
    if verb == "net-update":
        host = ET.fromstring(rest[3])
        with open(os.path.join(D, "hosts"), "a") as f:
            f.write("%s %s\n" % (host.get("ip"), host.find("hostname").text))
        with open(os.path.join(D, "libvirt", "net.xml"), "a") as f:
            f.write(rest[3] + "\n")
        return 0
    dom = rest[0]
    if not os.path.exists(dom_path(dom, "xml")):
        print("error: failed to get domain '%s'" % dom, file=sys.stderr)
        return 1
    state_file = dom_path(dom, "state")
    state = open(state_file).read().strip() if os.path.exists(state_file) else "shut off"
    if verb == "domstate":
        print(state)
        return 0
    if verb == "dumpxml":
        with open(dom_path(dom, "xml")) as f:
            print(f.read())
        return 0
    new = {"shutdown": "shut off", "destroy": "shut off", "start": "running",
           "resume": "running", "suspend": "paused"}.get(verb)
    if new is None:
        print("stub virsh: no verb %s" % verb, file=sys.stderr)
        return 1
    if verb == "start" and state == "running":
        print("error: Domain is already active", file=sys.stderr)
        return 1
    if verb == "start":
        boot_from_cdrom(dom)
    with open(state_file, "w") as f:
        f.write(new + "\n")
    return 0


def boot_from_cdrom(dom):
    """A host booting first from a CD-ROM with an ISO runs that ISO's kickstart: an upgrade."""
    root = ET.parse(dom_path(dom, "xml")).getroot()
    for disk in root.findall("./devices/disk"):
        boot, src = disk.find("boot"), disk.find("source")
        if disk.get("device") == "cdrom" and boot is not None and boot.get("order") == "1" \
                and src is not None and os.path.exists(src.get("file")):
            with open(src.get("file")) as f:
                assert "/KS.CFG" in f.read(), "the ISO has no kickstart"
            w = world()
            host = w["domains"][dom]
            build = w["esxiOldBuild"] if host in w.get("oldBuildHosts", []) else w["esxiBuild"]
            control("/nestlab/host?name=%s&build=%s" % (host, build))


def xorriso():
    """-extract SRC OUT writes an ESXi boot.cfg; -outdev OUT writes an ISO listing its -map."""
    if "-extract" in ARGS:
        out = ARGS[ARGS.index("-extract") + 2]
        with open(out, "w") as f:
            f.write("bootstate=0\ntitle=Loading ESXi installer\nkernel=/b.b00\n"
                    "kernelopt=runweasel cdromBoot\nmodules=/jumpstrt.gz\n")
        return 0
    out = ARGS[ARGS.index("-outdev") + 1]
    maps = [ARGS[i + 2] for i, a in enumerate(ARGS) if a == "-map"]
    for i, a in enumerate(ARGS):
        if a == "-map" and ARGS[i + 2] == "/boot.cfg":
            with open(ARGS[i + 1]) as f:
                assert "kernelopt=ks=cdrom:/KS.CFG" in f.read(), "boot.cfg does not boot the kickstart"
        if a == "-map" and ARGS[i + 2] == "/KS.CFG":
            with open(ARGS[i + 1]) as f:
                assert "\nupgrade " in f.read(), "the kickstart does not upgrade"
    with open(out, "w") as f:
        f.write(" ".join(maps) + "\n")
    return 0


def getent():
    db, key = ARGS
    with open(os.path.join(D, "hosts")) as f:
        for line in f:
            ip, name = line.split()
            if (db == "hosts" and ip == key) or (db == "ahostsv4" and name == key):
                print("%s %s" % (ip, name))
                return 0
    return 2


def vcsa_deploy():
    assert ARGS[0] == "upgrade", ARGS
    template = ARGS[-1]
    with open(template, encoding="ascii") as f:
        json.load(f)
    if "--verify-template-only" in ARGS or "--precheck-only" in ARGS:
        print("stub vcsa-deploy: %s ok" % ARGS[-2])
        return 0
    # $STUB_DIR/installer-hold: the upgrade goes on until the test removes the file (bounded),
    # like a real installer that outlives a killed rehearsal run.
    hold = os.path.join(D, "installer-hold")
    for _ in range(1200):
        if not os.path.exists(hold):
            break
        time.sleep(0.1)
    else:
        print("stub vcsa-deploy: still held after 120 s", file=sys.stderr)
        return 1
    w = world()
    control("/nestlab/vcenter?build=%s&version=%s" % (w["vcenterBuild"], w["vcenterVersion"]))
    print("stub vcsa-deploy: upgraded")
    return 0


def mount():
    """`mount -o loop,ro -t iso9660 ISO DIR`: DIR gets the installer's path, the stub itself."""
    assert ARGS[:4] == ["-o", "loop,ro", "-t", "iso9660"], ARGS
    iso, where = ARGS[4], ARGS[5]
    if not os.path.isfile(iso):
        print("mount: %s: special device does not exist" % iso, file=sys.stderr)
        return 32
    lin64 = os.path.join(where, "vcsa-cli-installer", "lin64")
    os.makedirs(lin64)
    os.symlink(os.path.join(D, "bin", "stub.py"), os.path.join(lin64, "vcsa-deploy"))
    return 0


def umount():
    shutil.rmtree(os.path.join(ARGS[0], "vcsa-cli-installer"))
    return 0


def ssh():
    target, command = ARGS[-2], ARGS[-1]
    # The password reaches ssh only through SSH_ASKPASS: check that it gives the right one.
    got = subprocess.run([os.environ["SSH_ASKPASS"], "Password:"], capture_output=True,
                         text=True).stdout.strip()
    with open(os.environ["NESTLAB_SECRETS"]) as f:
        want = dict(l.rstrip("\n").split("=", 1) for l in f if "=" in l)["ESXI_ROOT_PASSWORD"]
    if got != want:
        print("Permission denied (password)", file=sys.stderr)
        return 255
    w = world()
    host = w["hosts"][target.split("@")[1]]
    if command.startswith("esxcli software sources profile list"):
        print("Name                              Vendor        Acceptance Level\n"
              "--------------------------------  ------------  ----------------\n"
              "ESXi-8.0U3-stub-no-tools          VMware, Inc.  PartnerSupported\n"
              "ESXi-8.0U3-stub-standard          VMware, Inc.  PartnerSupported")
        return 0
    if command.startswith("esxcli software profile update"):
        print("Update Result\n   Message: The update completed successfully, but the system"
              " needs to be rebooted for the changes to be effective.")
        return 0
    if command == "reboot":
        build = w["esxiOldBuild"] if host in w.get("oldBuildHosts", []) else w["esxiBuild"]
        control("/nestlab/host?name=%s&build=%s" % (host, build))
        return 0
    if command.startswith(("vim-cmd ", "esxcli system maintenanceMode ", "vmware -v")):
        return esxi_own(host, command)
    print("stub ssh: unknown command %s" % command, file=sys.stderr)
    return 127


def esxi_own(name, command):
    """What a host answers itself (0209), played on the simulator's inventory with pyVmomi: its
    VMs by the number of their managed object id, their power, its maintenance mode, its build
    and uptime."""
    from pyVim.connect import SmartConnect
    from pyVmomi import vim
    url = urllib.parse.urlparse(world()["url"])
    si = SmartConnect(host=url.hostname, port=url.port, user="user", pwd="pass",
                      sslContext=ssl._create_unverified_context())
    content = si.RetrieveContent()
    view = content.viewManager.CreateContainerView(content.rootFolder, [vim.HostSystem], True)
    host = next(h for h in view.view if h.name == name)

    def wait(task):
        while task.info.state not in ("success", "error"):
            time.sleep(0.05)
        return task.info.state == "success"

    def vm_of(vmid):
        return next((v for v in host.vm if v._moId.split("-")[-1] == vmid), None)

    words = command.split()
    if command == "vim-cmd vmsvc/getallvms":
        print("Vmid   Name   File   Guest OS   Version   Annotation")
        for v in host.vm:
            print("%s   %s   [%s] %s/%s.vmx   otherGuest   vmx-13" % (
                v._moId.split("-")[-1], v.name, v.datastore[0].name if v.datastore else "-",
                v.name, v.name))
        return 0
    if words[1].startswith("vmsvc/power."):
        vm = vm_of(words[2])
        if vm is None:
            print("Unable to find a VM corresponding to %s" % words[2], file=sys.stderr)
            return 1
        on = str(vm.runtime.powerState) == "poweredOn"
        if words[1] == "vmsvc/power.getstate":
            print("Retrieved runtime info\n%s" % ("Powered on" if on else "Powered off"))
            return 0
        if words[1] == "vmsvc/power.shutdown":  # the guest shuts down: off at once here
            return 0 if on and wait(vm.PowerOffVM_Task()) else 1
        if words[1] == "vmsvc/power.on":
            if on:
                print("The attempted operation cannot be performed in the current state"
                      " (Powered on). already on")
                return 1
            return 0 if wait(vm.PowerOnVM_Task()) else 1
    if words[:4] == ["esxcli", "system", "maintenanceMode", "set"]:
        if words[-1] == "true" and not host.runtime.inMaintenanceMode:
            wait(host.EnterMaintenanceMode_Task(timeout=0))
        elif words[-1] == "false" and host.runtime.inMaintenanceMode:
            wait(host.ExitMaintenanceMode_Task(timeout=0))
        return 0
    if command == "vmware -v; esxcli system stats uptime get":
        boot = host.runtime.bootTime
        up = (datetime.datetime.now(datetime.timezone.utc) - boot).total_seconds()
        print("VMware ESXi 8.0.3 build-%s\n%d" % (host.config.product.build, int(up * 1e6)))
        return 0
    print("stub ssh: unknown command %s" % command, file=sys.stderr)
    return 127


def main():
    maybe_kill(count())
    if NAME == "virsh":
        return virsh()
    if NAME == "getent":
        return getent()
    if NAME == "xorriso":
        return xorriso()
    if NAME == "chronyc":
        print("Reference ID    : 0A0A0001 (10.10.0.1)\nSystem time     : 0.000012 seconds fast"
              " of NTP time\nLeap status     : %s" % world().get("leap", "Normal"))
        return 0
    if NAME == "vcsa-deploy":
        return vcsa_deploy()
    if NAME == "ssh":
        return ssh()
    if NAME == "mount":
        return mount()
    if NAME == "umount":
        return umount()
    if NAME in ("scp", "ping"):
        return 0
    print("stub: no program %s" % NAME, file=sys.stderr)
    return 127


sys.exit(main())
