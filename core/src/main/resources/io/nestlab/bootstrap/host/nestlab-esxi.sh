#!/bin/bash
# NestLab bootstrap: one ESXi host as a KVM guest.
#   nestlab-esxi.sh remaster HOST  the ESXi ISO with this host's KS.CFG, booting it unattended
#   nestlab-esxi.sh vm HOST        thin qcow2 disks, the libvirt domain, started
#   nestlab-esxi.sh wait HOST      until the installed host answers SSH and HTTPS (bounded)
set -euo pipefail
# shellcheck source=/dev/null
. "${NESTLAB_HOME:-/opt/nestlab}/bin/nestlab-lib.sh"

DATA=$NESTLAB_DATA

# iso_path ISO NAME: the path of NAME inside the ISO, whatever its case (BOOT.CFG, boot.cfg).
iso_path() {
  xorriso -indev "$1" -find / -type f 2>/dev/null | tr -d "'" | grep -ix "$2" | head -n1
}

remaster() {
  local h=$1 iso="$DATA/media/esxi.iso" work out hash bios efi
  work="$DATA/esxi/$h"
  out="$work/esxi-$h.iso"
  if [ -s "$out" ]; then
    return 0
  fi
  (umask 077 && mkdir -p "$work")
  chmod 700 "$work"
  # The root password enters KS.CFG only as a SHA-512 crypt hash, here, on this host.
  require_secrets || return 1
  hash=$(grep '^ESXI_ROOT_PASSWORD=' "$NESTLAB_SECRETS" | cut -d= -f2- | openssl passwd -6 -stdin)
  (umask 077 && sed "s|@ROOT_PW_HASH@|$hash|" "$NESTLAB_HOME/esxi/$h/KS.CFG" >"$work/KS.CFG")
  bios=$(iso_path "$iso" /boot.cfg)
  efi=$(iso_path "$iso" /efi/boot/boot.cfg)
  if [ -z "$bios" ] || [ -z "$efi" ]; then
    log "$h: the ESXi ISO has no boot.cfg or efi/boot/boot.cfg; is it an ESXi installer ISO?"
    return 1
  fi
  xorriso -osirrox on -indev "$iso" -extract "$bios" "$work/boot.cfg" \
    -extract "$efi" "$work/efi-boot.cfg" >/dev/null 2>&1
  chmod u+w "$work/boot.cfg" "$work/efi-boot.cfg"
  # Boot straight into the kickstart; keep the system partitions small (ESXi 7.0+).
  sed -i -e "s|^kernelopt=.*|kernelopt=ks=cdrom:/KS.CFG$ESXI_KERNELOPT_EXTRA|" \
    "$work/boot.cfg" "$work/efi-boot.cfg"
  xorriso -indev "$iso" -outdev "$out.part" -boot_image any replay \
    -map "$work/KS.CFG" /KS.CFG -map "$work/boot.cfg" "$bios" \
    -map "$work/efi-boot.cfg" "$efi" >/dev/null 2>&1
  rm -f "$work/KS.CFG"
  mv "$out.part" "$out"
}

vm() {
  local h=$1 disks="$DATA/disks"
  mkdir -p "$disks"
  if [ ! -e "$disks/$h-boot.qcow2" ]; then
    qemu-img create -q -f qcow2 "$disks/$h-boot.qcow2" "$(host_field "$h" bootDiskGib)G"
  fi
  if [ "$(host_field "$h" datastoreDiskGib)" -gt 0 ] && [ ! -e "$disks/$h-datastore.qcow2" ]; then
    qemu-img create -q -f qcow2 "$disks/$h-datastore.qcow2" "$(host_field "$h" datastoreDiskGib)G"
  fi
  mkdir -p /var/log/nestlab
  if ! virsh dominfo "$h" >/dev/null 2>&1; then
    virsh define "$NESTLAB_HOME/libvirt/$h.xml"
  fi
  virsh autostart "$h"
  if [ "$(virsh domstate "$h")" != running ]; then
    virsh start "$h"
  fi
}

wait_installed() {
  local h=$1 ip ds
  ip=$(host_field "$h" ip)
  ds=$(host_field "$h" datastore)
  # The installer reboots into the installed host, whose HTTPS answers; its %firstboot script then
  # creates the datastore and turns SSH on last, only when the datastore exists.
  wait_for_port "$ip" 443 "$ESXI_INSTALL_TIMEOUT_SECONDS" || {
    log "$h: the installed host never answered HTTPS; see /var/log/nestlab/$h-serial.log"
    return 1
  }
  if ! wait_for_port "$ip" 22 1200; then
    if [ "$(host_field "$h" datastoreDiskGib)" -gt 0 ]; then
      log "$h: installed, but its first-boot script did not turn SSH on; it does so only after creating datastore $ds, so $ds is probably missing (see the host's /var/log/esxi_install.log)"
    else
      log "$h: installed, but its first-boot script did not turn SSH on (see the host's /var/log/esxi_install.log)"
    fi
    return 1
  fi
}

case "${1:-}" in
  remaster) remaster "$2" ;;
  vm) vm "$2" ;;
  wait) wait_installed "$2" ;;
  *)
    echo "usage: $0 remaster|vm|wait HOST" >&2
    exit 2
    ;;
esac
