#!/usr/bin/python3
"""NestLab bootstrap (experimental): the vCenter Server appliance as a KVM guest on the L1 host.

For labs whose vCenter placement is "l1". Takes the appliance OVA from the mounted VCSA ISO,
converts its disks to thin qcow2 (disks without a file become empty qcow2 of their capacity),
writes the appliance's OVF environment (network, FQDN, passwords) onto a small ISO (the OVF "iso"
transport), and completes the rendered libvirt domain with the disks and the firmware the OVF asks
for. Passwords come from the environment (VCSA_ROOT_PASSWORD, SSO_PASSWORD) and go only into
root-only files. Idempotent: converted disks are kept.
"""

import argparse
import glob
import os
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ET

OVF = "http://schemas.dmtf.org/ovf/envelope/1"
VMW = "http://www.vmware.com/schema/ovf"
UNITS = {"byte": 1, "byte * 2^10": 2**10, "byte * 2^20": 2**20, "byte * 2^30": 2**30,
         "byte * 2^40": 2**40}


def q(tag, ns=OVF):
    return "{%s}%s" % (ns, tag)


def disks_of(envelope):
    """(disk id, file href or None, capacity bytes) in the OVF's order."""
    files = {f.get(q("id")): f.get(q("href")) for f in envelope.iter(q("File"))}
    out = []
    for d in envelope.iter(q("Disk")):
        unit = d.get(q("capacityAllocationUnits"), "byte")
        size = int(d.get(q("capacity"))) * UNITS.get(unit.strip(), 1)
        out.append((d.get(q("diskId")), files.get(d.get(q("fileRef"))), size))
    return out


def firmware_of(envelope):
    for c in envelope.iter(q("Config", VMW)):
        if c.get(q("key", VMW)) == "firmware":
            return c.get(q("value", VMW))
    return "bios"


def convert(ova, disks, work):
    paths = []
    with tarfile.open(ova) as tar:
        for disk_id, href, size in disks:
            target = os.path.join(work, "%s.qcow2" % disk_id)
            paths.append(target)
            if os.path.exists(target):
                continue
            if href:
                raw = os.path.join(work, href)
                with tar.extractfile(href) as src, open(raw, "wb") as dst:
                    while True:
                        block = src.read(1 << 20)
                        if not block:
                            break
                        dst.write(block)
                subprocess.run(["qemu-img", "convert", "-q", "-O", "qcow2", raw, target + ".part"],
                               check=True)
                os.remove(raw)
            else:
                subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", target + ".part",
                                str(size)], check=True)
            os.replace(target + ".part", target)
    return paths


def env_iso(template, work):
    text = open(template).read()
    for key in ("VCSA_ROOT_PASSWORD", "SSO_PASSWORD"):
        value = os.environ.get(key)
        if not value:
            raise SystemExit("nestlab: %s is not set; source the secrets file first" % key)
        text = text.replace("@%s@" % key, value)
    env_dir = os.path.join(work, "ovf-env")
    os.makedirs(env_dir, mode=0o700, exist_ok=True)
    fd = os.open(os.path.join(env_dir, "ovf-env.xml"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    iso = os.path.join(work, "ovf-env.iso")
    subprocess.run(["xorriso", "-as", "mkisofs", "-quiet", "-V", "OVF ENV", "-J", "-R",
                    "-o", iso, env_dir], check=True)
    os.chmod(iso, 0o600)
    os.remove(os.path.join(env_dir, "ovf-env.xml"))
    return iso


def scsi_name(i):
    """sda .. sdz, then sdaa, sdab, ..."""
    letters = ""
    i += 1
    while i > 0:
        i, r = divmod(i - 1, 26)
        letters = chr(ord("a") + r) + letters
    return "sd" + letters


def complete_domain(template, out, disks, firmware):
    tree = ET.parse(template)
    domain = tree.getroot()
    devices = domain.find("devices")
    for i, path in enumerate(disks):
        disk = ET.SubElement(devices, "disk", type="file", device="disk")
        ET.SubElement(disk, "driver", name="qemu", type="qcow2", discard="unmap")
        ET.SubElement(disk, "source", file=path)
        ET.SubElement(disk, "target", dev=scsi_name(i), bus="scsi")
        if i == 0:
            ET.SubElement(disk, "boot", order="1")
    if firmware == "efi":
        domain.find("os").set("firmware", "efi")
    tree.write(out)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--iso-dir", required=True, help="where the VCSA ISO is mounted")
    p.add_argument("--work", required=True, help="directory for the appliance's disks")
    p.add_argument("--domain", required=True, help="rendered libvirt domain (without disks)")
    p.add_argument("--env", required=True, help="rendered ovf-env.xml with password placeholders")
    p.add_argument("--out", required=True, help="where to write the completed domain XML")
    args = p.parse_args(argv)
    ovas = sorted(glob.glob(os.path.join(args.iso_dir, "vcsa", "*.ova")))
    if not ovas:
        print("nestlab: no vcsa/*.ova on the VCSA ISO; is it a VCSA installer ISO?", file=sys.stderr)
        return 1
    os.makedirs(args.work, mode=0o700, exist_ok=True)
    with tarfile.open(ovas[0]) as tar:
        name = next(m.name for m in tar.getmembers() if m.name.endswith(".ovf"))
        envelope = ET.fromstring(tar.extractfile(name).read())
    disks = convert(ovas[0], disks_of(envelope), args.work)
    env_iso(args.env, args.work)
    complete_domain(args.domain, args.out, disks, firmware_of(envelope))
    print("nestlab: appliance disks ready (%d), firmware %s" % (len(disks), firmware_of(envelope)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
