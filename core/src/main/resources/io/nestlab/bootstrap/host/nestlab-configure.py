#!/usr/bin/python3
"""NestLab bootstrap: configures the lab's vCenter with pyVmomi (Debian 12's python3-pyvmomi).

Creates the datacenter and a DRS cluster, adds every ESXi host, applies the vCLS workaround that
nested ESXi under KVM needs (no MWAIT), and deploys the guests from their ISO or OVA. Every step
is idempotent: a re-run finds what exists and goes on. Each step prints a progress line
"NESTLAB phase=... status=... t=..." to stdout and the console. Passwords come from the root-only
secrets file and are never printed.

Every network call has a deadline: each socket operation gives up after at most
NETWORK_TIMEOUT_SECONDS, and the whole run ends at --timeout (an alarm interrupts a call that
is still waiting). A certificate vCenter presents that does not verify ends the run at once.
"""

import argparse
import json
import os
import re
import signal
import socket
import ssl
import sys
import tarfile
import time
import urllib.parse
import urllib.request
from datetime import datetime, timezone

from pyVim.connect import Disconnect, SmartConnect
from pyVmomi import vim, vmodl

import nestlab_vcls  # beside this file in /opt/nestlab/bin; shared with nestlab-rehearsal

CONSOLE = os.environ.get("NESTLAB_CONSOLE", "/dev/console")
STEPS = ("datacenter", "cluster", "hosts", "vcls", "guests")
# The longest any single socket operation (connect, TLS handshake, one read or write) may wait.
NETWORK_TIMEOUT_SECONDS = 60
RETRY_SECONDS = 15
# What the run is doing, for the message when the deadline interrupts it.
DOING = ["starting"]


class StepFailed(Exception):
    """A step failed in a way the user can act on; the message says how."""


class DeadlinePassed(StepFailed):
    """The run's --timeout ended while a step was still waiting."""


def progress(phase, status, host=None, reason=None):
    t = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    line = "NESTLAB phase=" + phase
    if host:
        line += " host=" + host
    line += " status=%s t=%s" % (status, t)
    if reason:
        line += " reason=" + re.sub(r"[^A-Za-z0-9._:/-]", "-", reason)
    print(line, flush=True)
    try:
        with open(CONSOLE, "a") as console:
            console.write(line + "\n")
    except OSError:
        pass


def log(message):
    print("nestlab: " + message, flush=True)


def read_secrets(path):
    values = {}
    try:
        with open(path) as f:
            for raw in f:
                key, sep, value = raw.rstrip("\n").partition("=")
                if sep:
                    values[key.strip()] = value
    except FileNotFoundError:
        raise StepFailed("the secrets file %s does not exist; the bootstrap's secrets phase makes"
                         " it (nestlab-secrets.py FILE SSO_DOMAIN), or give --secrets the file"
                         " that holds the lab's passwords" % path)
    except PermissionError:
        raise StepFailed("cannot read the secrets file %s (it is root-only); run as root" % path)
    except (OSError, UnicodeDecodeError) as e:
        raise StepFailed("cannot read the secrets file %s: %s" % (path, e))
    for key in ("SSO_USER", "SSO_PASSWORD", "ESXI_ROOT_PASSWORD"):
        if key not in values:
            raise StepFailed("%s has no %s line" % (path, key))
    return values


def parse_version(text):
    """'7.0U3' -> (7, 0, 3); '8.0' -> (8, 0, 0)."""
    m = re.match(r"^(\d+)\.(\d+)(?:\.\d+)?(?:U(\d+))?", text or "", re.IGNORECASE)
    if not m:
        raise StepFailed("unknown vCenter version %r" % text)
    return int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)


class Deadline:
    def __init__(self, seconds):
        self.end = time.monotonic() + seconds

    def left(self):
        return self.end - time.monotonic()

    def passed(self):
        return self.left() <= 0

    def sleep(self, seconds):
        """Sleeps, but never past the deadline."""
        time.sleep(max(0, min(seconds, self.left())))


def read_inventory(path):
    try:
        with open(path) as f:
            return json.load(f)
    except FileNotFoundError:
        raise StepFailed("the lab inventory %s does not exist; NestLab renders it as"
                         " /opt/nestlab/etc/lab.json" % path)
    except (OSError, ValueError) as e:
        raise StepFailed("cannot read the lab inventory %s: %s" % (path, e))


def certificate_problem(error, args):
    """What is wrong with vCenter's certificate, for a TLS error that retrying cannot mend, or
    None when the error is not about the certificate."""
    if not isinstance(error, ssl.SSLCertVerificationError):
        return None
    host = args.server.partition(":")[0]
    reason = error.verify_message or str(error)
    if error.verify_code in (62, 64):  # X509_V_ERR_HOSTNAME_MISMATCH, X509_V_ERR_IP_ADDRESS_MISMATCH
        return ("vCenter's certificate is not issued to %s (%s); give --server the name the"
                " certificate names (the lab's vCenter FQDN)" % (host, reason))
    if error.verify_code == 10:  # X509_V_ERR_CERT_HAS_EXPIRED
        return ("vCenter's certificate has expired (%s); check the clock of this host and of"
                " vCenter" % reason)
    return ("vCenter's certificate does not verify against the CA file %s (%s); the file must hold"
            " vCenter's root CA (VMCA), which nestlab-vcenter.sh downloads from"
            " https://%s/certs/download.zip" % (args.ca_file, reason, host))


def wait_task(task, deadline, what):
    while task.info.state not in (vim.TaskInfo.State.success, vim.TaskInfo.State.error):
        if deadline.passed():
            raise StepFailed("timed out waiting for " + what)
        time.sleep(1)
    if task.info.state == vim.TaskInfo.State.error:
        raise task.info.error
    return task.info.result


def ssl_context(args):
    if args.insecure:
        return ssl._create_unverified_context()  # only for tests against a simulator
    try:
        return ssl.create_default_context(cafile=args.ca_file)
    except (OSError, ssl.SSLError) as e:
        raise StepFailed("cannot use the CA file %s: %s; it must be a PEM file of vCenter's root"
                         " CA" % (args.ca_file, e))


def connect(args, secrets, deadline):
    host, _, port = args.server.partition(":")
    context = ssl_context(args)
    DOING[0] = "connecting to vCenter " + args.server
    last = None
    while not deadline.passed():
        try:
            return SmartConnect(host=host, port=int(port or 443), user=secrets["SSO_USER"],
                                pwd=secrets["SSO_PASSWORD"], sslContext=context)
        except vim.fault.InvalidLogin:
            raise StepFailed("vCenter refused the SSO credentials of the secrets file")
        except StepFailed:
            raise
        except Exception as e:  # vCenter services start one after another after a deploy
            problem = certificate_problem(e, args)
            if problem:
                raise StepFailed(problem)
            last = e
            log("vCenter not answering yet (%s); retrying" % type(e).__name__)
            deadline.sleep(RETRY_SECONDS)
    raise StepFailed("vCenter %s did not answer within --timeout %d s: %s"
                     % (args.server, args.timeout, last))


def find(content, kind, name, root=None):
    view = content.viewManager.CreateContainerView(root or content.rootFolder, [kind], True)
    try:
        for obj in view.view:
            if obj.name == name:
                return obj
    finally:
        view.Destroy()
    return None


def ensure_datacenter(content, inv):
    name = inv["vcenter"]["datacenter"]
    dc = find(content, vim.Datacenter, name)
    if dc is None:
        dc = content.rootFolder.CreateDatacenter(name=name)
        log("created datacenter " + name)
    return dc


def ensure_cluster(content, dc, inv):
    name = inv["vcenter"]["cluster"]
    cluster = find(content, vim.ClusterComputeResource, name, dc.hostFolder)
    if cluster is None:
        spec = vim.cluster.ConfigSpecEx(
            drsConfig=vim.cluster.DrsConfigInfo(enabled=True),
            dasConfig=vim.cluster.DasConfigInfo(enabled=False))
        cluster = dc.hostFolder.CreateClusterEx(name=name, spec=spec)
        log("created cluster %s (DRS on, HA off)" % name)
    return cluster


def add_hosts(content, cluster, inv, secrets, deadline):
    present = {h.name for h in cluster.host}
    for h in inv["hosts"]:
        fqdn = h["fqdn"]
        if fqdn in present:
            continue
        progress("host-add", "start", host=h["name"])
        spec = vim.host.ConnectSpec(hostName=fqdn, userName="root",
                                    password=secrets["ESXI_ROOT_PASSWORD"], force=True)
        try:
            try:
                wait_task(cluster.AddHost_Task(spec=spec, asConnected=True), deadline, "add " + fqdn)
            except vim.fault.SSLVerifyFault as fault:
                # The host's self-signed certificate: take its thumbprint as vCenter reports it.
                spec.sslThumbprint = fault.thumbprint
                wait_task(cluster.AddHost_Task(spec=spec, asConnected=True), deadline, "add " + fqdn)
        except vmodl.MethodFault as fault:
            progress("host-add", "failed", host=h["name"], reason=type(fault).__name__)
            raise StepFailed("could not add %s: %s" % (fqdn, fault.msg))
        progress("host-add", "done", host=h["name"])


def vcls_vms(content, cluster):
    hosts = set(h._moId for h in cluster.host)
    view = content.viewManager.CreateContainerView(content.rootFolder, [vim.VirtualMachine], True)
    try:
        return [vm for vm in view.view
                if vm.name.startswith("vCLS") and vm.runtime.host is not None
                and vm.runtime.host._moId in hosts]
    finally:
        view.Destroy()


def disable_vcls(content, cluster):
    if nestlab_vcls.retreat(content, cluster):
        log("vCLS disabled for the cluster (%s = false)" % nestlab_vcls.key(cluster))
    else:
        log("vCLS already disabled for the cluster (%s = false)" % nestlab_vcls.key(cluster))


def apply_vcls_workaround(content, cluster, version, deadline, wait_seconds):
    """vCLS VMs need MWAIT, which KVM does not pass through. 7.0U1-8.0U2: hide MWAIT per vCLS VM;
    8.0U3 and later (embedded vCLS, no VM file to edit): disable vCLS for the cluster."""
    if version < (7, 0, 1):
        log("vCenter %d.%d U%d has no vCLS; nothing to do" % version)
        return
    if version >= (8, 0, 3):
        disable_vcls(content, cluster)
        return
    wait = Deadline(min(wait_seconds, max(deadline.left(), 0)))
    vms = vcls_vms(content, cluster)
    while not vms and not wait.passed():
        time.sleep(10)
        vms = vcls_vms(content, cluster)
    if not vms:
        log("no vCLS VM appeared; disabling vCLS for the cluster instead")
        disable_vcls(content, cluster)
        return
    for vm in vms:
        if any(o.key == "FeatMask.vm.cpuid.MWAIT" for o in vm.config.extraConfig):
            continue
        if vm.runtime.powerState == vim.VirtualMachinePowerState.poweredOn:
            wait_task(vm.PowerOffVM_Task(), deadline, "power off " + vm.name)
        spec = vim.vm.ConfigSpec(extraConfig=[
            vim.option.OptionValue(key="FeatMask.vm.cpuid.MWAIT", value="Val:0")])
        wait_task(vm.ReconfigVM_Task(spec=spec), deadline, "reconfigure " + vm.name)
        wait_task(vm.PowerOnVM_Task(), deadline, "power on " + vm.name)
        log("%s: FeatMask.vm.cpuid.MWAIT = Val:0" % vm.name)


def host_datastore(host, short_name):
    named = [d for d in host.datastore if d.name == "ds-" + short_name]
    if named:
        return named[0]
    if not host.datastore:
        raise StepFailed("host %s has no datastore for guests" % host.name)
    return max(host.datastore, key=lambda d: d.summary.freeSpace or 0)


def http_put(si, args, url_path, params, path, content_type):
    host, _, port = args.server.partition(":")
    url = "https://%s:%s%s?%s" % (host, port or 443, url_path, urllib.parse.urlencode(params))
    return http_send(si, args, "PUT", url, path, content_type)


def http_send(si, args, method, url, path, content_type):
    context = ssl_context(args)
    cookie = si._stub.cookie.split(";")[0].strip()
    size = os.path.getsize(path)
    with open(path, "rb") as body:
        request = urllib.request.Request(url, data=body, method=method, headers={
            "Cookie": cookie, "Content-Type": content_type, "Content-Length": str(size),
            "Overwrite": "t"})
        with urllib.request.urlopen(request, context=context,
                                    timeout=NETWORK_TIMEOUT_SECONDS) as response:
            return response.status


def guest_exists(content, name):
    return find(content, vim.VirtualMachine, name) is not None


def create_iso_guest(si, args, content, dc, cluster, host, ds, guest, deadline):
    """A new VM with a thin disk and a vmxnet3 NIC; with the guest's ISO uploaded and attached,
    or blank (to install by hand) when the guest has no image."""
    iso_name = os.path.basename(guest["imageFile"]) if guest.get("imageFile") else None
    if iso_name:
        http_put(si, args, "/folder/nestlab-iso/" + iso_name,
                 {"dcPath": dc.name, "dsName": ds.name},
                 os.path.join(args.media_dir, guest["imageFile"]), "application/octet-stream")
    devices = []
    scsi = vim.vm.device.VirtualDeviceSpec(
        operation=vim.vm.device.VirtualDeviceSpec.Operation.add,
        device=vim.vm.device.ParaVirtualSCSIController(
            key=1000, busNumber=0, sharedBus=vim.vm.device.VirtualSCSIController.Sharing.noSharing))
    devices.append(scsi)
    disk = vim.vm.device.VirtualDisk(
        key=2000, controllerKey=1000, unitNumber=0, capacityInKB=guest["diskGib"] * 1024 * 1024,
        backing=vim.vm.device.VirtualDisk.FlatVer2BackingInfo(diskMode="persistent",
                                                              thinProvisioned=True))
    devices.append(vim.vm.device.VirtualDeviceSpec(
        operation=vim.vm.device.VirtualDeviceSpec.Operation.add,
        fileOperation=vim.vm.device.VirtualDeviceSpec.FileOperation.create, device=disk))
    nic = vim.vm.device.VirtualVmxnet3(
        key=4000, addressType="generated",
        backing=vim.vm.device.VirtualEthernetCard.NetworkBackingInfo(deviceName="VM Network"),
        connectable=vim.vm.device.VirtualDevice.ConnectInfo(startConnected=True, connected=True))
    devices.append(vim.vm.device.VirtualDeviceSpec(
        operation=vim.vm.device.VirtualDeviceSpec.Operation.add, device=nic))
    if iso_name:
        cdrom = vim.vm.device.VirtualCdrom(
            key=3000, controllerKey=200, unitNumber=0,
            backing=vim.vm.device.VirtualCdrom.IsoBackingInfo(
                fileName="[%s] nestlab-iso/%s" % (ds.name, iso_name)),
            connectable=vim.vm.device.VirtualDevice.ConnectInfo(startConnected=True,
                                                                connected=True))
        devices.append(vim.vm.device.VirtualDeviceSpec(
            operation=vim.vm.device.VirtualDeviceSpec.Operation.add, device=cdrom))
    spec = vim.vm.ConfigSpec(
        name=guest["name"], numCPUs=guest["cpus"], memoryMB=guest["memoryGib"] * 1024,
        guestId="otherGuest64", files=vim.vm.FileInfo(vmPathName="[%s]" % ds.name),
        deviceChange=devices)
    return wait_task(dc.vmFolder.CreateVM_Task(config=spec, pool=cluster.resourcePool, host=host),
                     deadline, "create " + guest["name"])


def create_ova_guest(si, args, content, dc, cluster, host, ds, guest, deadline):
    path = os.path.join(args.media_dir, guest["imageFile"])
    with tarfile.open(path) as ova:
        ovf_member = next((m for m in ova.getmembers() if m.name.endswith(".ovf")), None)
        if ovf_member is None:
            raise StepFailed("%s: no .ovf descriptor in the OVA" % guest["image"])
        descriptor = ova.extractfile(ovf_member).read().decode("utf-8")
        network = find(content, vim.Network, "VM Network", dc)
        params = vim.OvfManager.CreateImportSpecParams(entityName=guest["name"],
                                                       diskProvisioning="thin")
        if network is not None:
            names = re.findall(r'<(?:\w+:)?Network\s+[^>]*?(?:\w+:)?name="([^"]+)"', descriptor)
            params.networkMapping = [vim.OvfManager.NetworkMapping(name=n, network=network)
                                     for n in names]
        result = content.ovfManager.CreateImportSpec(descriptor, cluster.resourcePool, ds, params)
        if result.error:
            raise StepFailed("%s: the OVA cannot be imported: %s"
                             % (guest["name"], result.error[0].msg))
        lease = cluster.resourcePool.ImportVApp(result.importSpec, dc.vmFolder, host)
        while lease.state == vim.HttpNfcLease.State.initializing:
            if deadline.passed():
                raise StepFailed("timed out waiting for the import lease of " + guest["name"])
            time.sleep(1)
        if lease.state != vim.HttpNfcLease.State.ready:
            raise StepFailed("%s: import lease is %s: %s"
                             % (guest["name"], lease.state, lease.error and lease.error.msg))
        try:
            items = {i.deviceId: i for i in result.fileItem}
            for url in lease.info.deviceUrl:
                item = items.get(url.importKey)
                if item is None:
                    continue
                member = ova.getmember(item.path)
                tmp = os.path.join(args.media_dir, ".upload-" + os.path.basename(item.path))
                with open(tmp, "wb") as out:
                    out.write(ova.extractfile(member).read())
                target = url.url.replace("*", args.server.partition(":")[0])
                host_name, _, port = args.server.partition(":")
                if port:
                    target = target.replace("https://%s/" % host_name,
                                            "https://%s:%s/" % (host_name, port), 1)
                try:
                    if item.create:
                        http_send(si, args, "PUT", target, tmp, "application/octet-stream")
                    else:
                        http_send(si, args, "POST", target, tmp,
                                  "application/x-vnd.vmware-streamVmdk")
                finally:
                    os.remove(tmp)
            lease.HttpNfcLeaseComplete()
        except Exception:
            lease.HttpNfcLeaseAbort()
            raise
    return find(content, vim.VirtualMachine, guest["name"])


def deploy_guests(si, args, content, dc, cluster, inv, deadline):
    hosts = {h.name: h for h in cluster.host}
    for guest in inv.get("guests", []):
        name = guest["name"]
        if guest_exists(content, name):
            continue
        progress("guest-deploy", "start", host=name)
        try:
            carrier = next(h for h in inv["hosts"] if h["name"] == guest["host"])
            host = hosts.get(carrier["fqdn"])
            if host is None:
                raise StepFailed("guest %s: host %s is not in the cluster" % (name, carrier["fqdn"]))
            ds = host_datastore(host, carrier["name"])
            kind = guest.get("imageKind")
            if kind == "ova":
                vm = create_ova_guest(si, args, content, dc, cluster, host, ds, guest, deadline)
            else:
                vm = create_iso_guest(si, args, content, dc, cluster, host, ds, guest, deadline)
            if vm is not None and vm.runtime.powerState != vim.VirtualMachinePowerState.poweredOn:
                wait_task(vm.PowerOnVM_Task(), deadline, "power on " + name)
        except (StepFailed, vmodl.MethodFault, OSError) as e:
            progress("guest-deploy", "failed", host=name, reason=type(e).__name__)
            raise
        progress("guest-deploy", "done", host=name)


def start_deadline(seconds):
    """The run's deadline: every socket operation is bounded, and an alarm at the deadline
    interrupts whatever call is still waiting then."""
    deadline = Deadline(seconds)
    socket.setdefaulttimeout(max(1, min(NETWORK_TIMEOUT_SECONDS, seconds)))

    def expired(signum, frame):
        raise DeadlinePassed("the configuration did not finish within --timeout %d s (while %s)"
                             % (seconds, DOING[0]))

    signal.signal(signal.SIGALRM, expired)
    signal.alarm(max(1, seconds))
    return deadline


def run(args):
    inv = read_inventory(args.inventory)
    secrets = read_secrets(args.secrets)
    steps = args.only.split(",") if args.only else list(STEPS)
    unknown = [s for s in steps if s not in STEPS]
    if unknown:
        raise StepFailed("unknown step %s; the steps are %s" % (",".join(unknown), ",".join(STEPS)))
    deadline = start_deadline(args.timeout)
    si = connect(args, secrets, deadline)
    DOING[0] = "finding or creating the datacenter and the cluster"
    try:
        content = si.RetrieveContent()
        # The datacenter and the cluster are found or created on every run.
        dc = ensure_datacenter(content, inv)
        cluster = ensure_cluster(content, dc, inv)
        if "hosts" in steps:
            DOING[0] = "adding the ESXi hosts"
            add_hosts(content, cluster, inv, secrets, deadline)
        if "vcls" in steps:
            DOING[0] = "applying the vCLS workaround"
            apply_vcls_workaround(content, cluster, parse_version(inv["vcenter"]["version"]),
                                  deadline, args.vcls_wait)
        if "guests" in steps:
            DOING[0] = "deploying the guests"
            deploy_guests(si, args, content, dc, cluster, inv, deadline)
    finally:
        # Logging out gets what is left of the deadline, at most 10 s and at least 1 s.
        signal.alarm(max(1, min(10, int(deadline.left()))))
        try:
            Disconnect(si)
        except Exception as e:  # the work is done or has failed already; say so, do not hide it
            log("logging out of vCenter failed: %s" % type(e).__name__)
        finally:
            signal.alarm(0)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--inventory", required=True, help="lab.json rendered by NestLab")
    p.add_argument("--secrets", required=True, help="root-only KEY=value file with the passwords")
    p.add_argument("--server", required=True, help="vCenter host[:port]")
    p.add_argument("--ca-file", help="PEM file of the CA that signs vCenter's certificate")
    p.add_argument("--insecure", action="store_true",
                   help="skip certificate verification (tests against a simulator only)")
    p.add_argument("--media-dir", default="/var/lib/nestlab/data/media/guests")
    p.add_argument("--timeout", type=int, default=3600, help="seconds for the whole run")
    p.add_argument("--vcls-wait", type=int, default=900,
                   help="seconds to wait for vCLS VMs to appear (7.0U1-8.0U2)")
    p.add_argument("--only", help="comma-separated steps: " + ",".join(STEPS))
    args = p.parse_args(argv)
    if not args.insecure and not args.ca_file:
        p.error("give --ca-file (vCenter's CA); --insecure is for tests only")
    if args.timeout <= 0:
        p.error("--timeout must be a positive number of seconds")
    try:
        run(args)
    except StepFailed as e:
        log("configure failed: %s" % e)
        return 1
    except vmodl.MethodFault as fault:
        log("configure failed: %s: %s" % (type(fault).__name__, fault.msg))
        return 1
    except OSError as e:  # a media file, an upload, a connection: say which, without a traceback
        log("configure failed: %s" % e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
