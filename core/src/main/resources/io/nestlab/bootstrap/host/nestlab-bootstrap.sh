#!/bin/bash
# NestLab bootstrap: builds the nested vSphere lab on this L1 host, unattended, phase by phase.
# Run by nestlab-bootstrap.service on every boot. Each phase leaves a marker beside what it made
# (nestlab-lib.sh's marker_file: on the data disk for lab data), so a re-run (after a reboot or a
# stop/start) skips what is done and still there, and then waits for the lab to answer again
# before it reports "ready".
# Progress: one "NESTLAB phase=... status=..." line per step on the serial console.
set -euo pipefail
# shellcheck source=/dev/null
. "${NESTLAB_HOME:-/opt/nestlab}/bin/nestlab-lib.sh"

DATA=$NESTLAB_DATA
BIN=$NESTLAB_HOME/bin
POWER=${NESTLAB_POWER:-/usr/local/sbin/nestlab-lab-power}
NESTLAB_FSTAB=${NESTLAB_FSTAB:-/etc/fstab}
# The volume group that pools local NVMe disks (prepare_storage).
DATA_VG=nestlab

# ---- secrets: generated here, kept in a root-only file, never printed ----

make_secrets() {
  local dir
  dir=$(dirname "$NESTLAB_SECRETS")
  mkdir -p "$dir"
  chmod 700 "$dir"
  python3 "$BIN/nestlab-secrets.py" "$NESTLAB_SECRETS" "$SSO_DOMAIN"
}

# ---- storage: the plan's data disk, or (a plan without one) all of the local instance storage ----
# docs/design/0165: DATA_DISK_GIB (etc/storage.env) is the plan's data disk in GiB; 0 means the
# plan counted the host's local NVMe instead, all of it, so every empty disk is pooled into one
# LVM volume (striped when the disks are alike), which is what the planner's figure assumes.

# empty_disks: "BYTES NAME" for each whole disk with no partition, no file system, largest first
# (alike disks by name).
empty_disks() {
  local size name type
  while read -r size name type; do
    [ "$type" = disk ] || continue
    if [ "$(lsblk -npo NAME "$name" | wc -l)" -eq 1 ] && [ -z "$(lsblk -npo FSTYPE "$name" | tr -d ' ')" ]; then
      echo "$size $name"
    fi
  done < <(lsblk -dbnpo SIZE,NAME,TYPE | sort -k1,1nr -k2,2)
}

# pool_disks BYTES NAME [BYTES NAME]...: one volume group over every disk and one logical volume
# over all of it, striped across the disks when they are the same size; prints the volume.
pool_disks() {
  local names=() sizes=() stripes=()
  while [ "$#" -gt 0 ]; do
    sizes+=("$1")
    names+=("$2")
    shift 2
  done
  if [ "$(printf '%s\n' "${sizes[@]}" | sort -u | wc -l)" -eq 1 ]; then
    stripes=(-i "${#names[@]}" -I 256k)
  fi
  # Run inside $(...), where bash drops set -e: each step says itself whether it failed.
  pvcreate -q -y "${names[@]}" >&2 || return 1
  vgcreate -q "$DATA_VG" "${names[@]}" >&2 || return 1
  lvcreate -q -y -n data -l 100%FREE "${stripes[@]}" "$DATA_VG" >&2 || return 1
  echo "/dev/$DATA_VG/data"
}

# data_device: the device to format as nestlab-data (empty when there is none); logs on stderr.
data_device() {
  local disks=() d total=0 want
  mapfile -t disks < <(empty_disks)
  if [ "${#disks[@]}" -eq 0 ]; then
    return 0
  fi
  if [ "$DATA_DISK_GIB" -gt 0 ]; then
    # The plan's data disk is exactly its size; local NVMe beside it is left alone.
    want=$((DATA_DISK_GIB * 1073741824))
    for d in "${disks[@]}"; do
      if [ "${d%% *}" = "$want" ]; then
        log "storage: using the plan's data disk ${d#* } ($DATA_DISK_GIB GiB) for lab data" >&2
        echo "${d#* }"
        return 0
      fi
    done
    log "storage: no empty disk of $DATA_DISK_GIB GiB; using the largest empty disk, ${disks[0]#* }" >&2
    echo "${disks[0]#* }"
    return 0
  fi
  for d in "${disks[@]}"; do
    total=$((total + ${d%% *}))
  done
  if [ "${#disks[@]}" -eq 1 ]; then
    log "storage: using local disk ${disks[0]#* } ($((total / 1073741824)) GiB) for lab data" >&2
    echo "${disks[0]#* }"
    return 0
  fi
  log "storage: pooling ${#disks[@]} local disks ($((total / 1073741824)) GiB) as $DATA_VG/data for lab data" >&2
  # shellcheck disable=SC2046 # one word per size and name
  pool_disks $(printf '%s ' "${disks[@]}")
}

prepare_storage() {
  local dev
  mkdir -p "$DATA"
  if mountpoint -q "$DATA"; then
    return 0
  fi
  # A pool made on an earlier boot is there after a reboot (a stop/start wipes local NVMe).
  if command -v vgchange >/dev/null 2>&1; then
    vgchange -q -a y "$DATA_VG" >/dev/null 2>&1 || true
  fi
  if blkid -L nestlab-data >/dev/null 2>&1; then
    dev=$(blkid -L nestlab-data)
  else
    dev=$(data_device) || return 1
    if [ -n "$dev" ]; then
      mkfs.ext4 -q -F -L nestlab-data "$dev"
    fi
  fi
  if [ -z "$dev" ]; then
    log "storage: no empty data disk; lab data stays on the root file system"
    return 0
  fi
  if ! grep -q 'LABEL=nestlab-data' "$NESTLAB_FSTAB"; then
    echo "LABEL=nestlab-data $DATA ext4 defaults,nofail,discard 0 2" >>"$NESTLAB_FSTAB"
  fi
  mount "$DATA"
}

# ---- lab network: libvirt network with static names in dnsmasq, NTP from this host ----

setup_network() {
  if ! virsh net-info "$LAB_NETWORK" >/dev/null 2>&1; then
    virsh net-define "$NESTLAB_HOME/libvirt/network.xml"
  fi
  virsh net-autostart "$LAB_NETWORK"
  if [ "$(virsh net-info "$LAB_NETWORK" | awk '/^Active:/ {print $2}')" != yes ]; then
    virsh net-start "$LAB_NETWORK"
  fi
  # This host resolves the lab's names too (vCenter's certificate names its FQDN).
  if ! grep -q '# nestlab-lab-hosts' "$NESTLAB_ETC_HOSTS"; then
    cat "$NESTLAB_HOME/etc/hosts.lab" >>"$NESTLAB_ETC_HOSTS"
  fi
  systemctl restart chrony 2>/dev/null || systemctl restart chronyd 2>/dev/null || true
}

# ---- media ----

fetch_media() {
  local name url sha
  fetch "$ESXI_ISO_URL" "$DATA/media/esxi.iso" "$ESXI_ISO_SHA256"
  if [ "$VCENTER_ENABLED" = 1 ]; then
    fetch "$VCSA_ISO_URL" "$DATA/media/vcsa.iso" "$VCSA_ISO_SHA256"
  fi
  # The upgrade rehearsal's target installers, staged for the user (docs/bootstrap.md)
  if [ -n "$UPGRADE_ESXI_ISO_URL" ]; then
    fetch "$UPGRADE_ESXI_ISO_URL" "$DATA/media/upgrade/esxi-$UPGRADE_ESXI_VERSION.iso" \
      "$UPGRADE_ESXI_ISO_SHA256"
  fi
  if [ -n "$UPGRADE_ESXI_DEPOT_URL" ]; then
    fetch "$UPGRADE_ESXI_DEPOT_URL" "$DATA/media/upgrade/esxi-$UPGRADE_ESXI_VERSION-depot.zip" \
      "$UPGRADE_ESXI_DEPOT_SHA256"
  fi
  if [ -n "$UPGRADE_VCSA_ISO_URL" ]; then
    fetch "$UPGRADE_VCSA_ISO_URL" "$DATA/media/upgrade/vcsa-$UPGRADE_VCENTER_VERSION.iso" \
      "$UPGRADE_VCSA_ISO_SHA256"
  fi
  while IFS=$'\t' read -r name url sha; do
    [ -n "$name" ] || continue
    fetch "$url" "$DATA/media/guests/$name" "$sha"
  done < <(lab_json '.guests[] | select(.image != null) | [.imageFile, .image, (.imageSha256 // "")] | @tsv')
}

# ---- files the engine delivers when the user data had no room for them (AWS's 16 KB) ----

wait_deferred() {
  local manifest="$NESTLAB_HOME/etc/deferred.sha256" deadline
  if [ ! -s "$manifest" ]; then
    return 0
  fi
  log "waiting for the engine to deliver $(wc -l <"$manifest") files (see $manifest)"
  deadline=$(($(date +%s) + DEFERRED_TIMEOUT_SECONDS))
  while ! sha256sum -c --status "$manifest" 2>/dev/null; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "the deferred files did not arrive in ${DEFERRED_TIMEOUT_SECONDS}s"
      return 1
    fi
    sleep 15
  done
}

# ---- the lab answers (every boot) ----

wait_lab() {
  local h ip
  for h in $ESXI_HOSTS; do
    ip=$(host_field "$h" ip)
    wait_for_port "$ip" 443 1800 || return 1
  done
  if [ "$VCENTER_ENABLED" = 1 ]; then
    wait_for_port "$VCENTER_IP" 443 1800 || return 1
  fi
}

# The SSH host key fingerprints, on the console in cloud-init's format, so that the engine can
# verify the host key before it first connects (public data; printed on every boot).
print_host_keys() {
  local f
  {
    echo "-----BEGIN SSH HOST KEY FINGERPRINTS-----"
    for f in /etc/ssh/ssh_host_*_key.pub; do
      [ -e "$f" ] && ssh-keygen -lf "$f"
    done
    echo "-----END SSH HOST KEY FINGERPRINTS-----"
  } | tee -a "$NESTLAB_CONSOLE" 2>/dev/null || true
}

# ---- restore: the data disk comes from a blueprint (docs/design/0137) ----

# restore_lab: starts the lab the data disk holds instead of installing one; returns 3 when the
# disk holds no lab (the caller installs then), 1 when it cannot be restored.
restore_lab() {
  local h rc=0
  progress restore-check "" start
  "$BIN/nestlab-restore.sh" check || rc=$?
  if [ "$rc" -eq 3 ]; then
    progress restore-check "" "done" no-lab-on-disk
    log "restore: the data disk holds no lab; installing from the media instead"
    return 3
  fi
  if [ "$rc" -ne 0 ]; then
    progress restore-check "" failed "exit-$rc"
    return "$rc"
  fi
  progress restore-check "" "done"
  every restore-files "" "$BIN/nestlab-restore.sh" adopt
  # lab.env may now be the blueprint's (its names and addresses): read it again.
  # shellcheck source=/dev/null
  . "$NESTLAB_HOME/bin/nestlab-lib.sh"
  step secrets "" "$BIN/nestlab-restore.sh" secrets
  step network "" setup_network
  for h in $ESXI_HOSTS; do
    every esxi-start "$h" "$POWER" start-host "$h"
  done
  if [ "$VCENTER_ENABLED" = 1 ]; then
    every vcenter-start "" "$POWER" start-vcenter
    every guests-start "" "$POWER" start-guests
  fi
  step lab-check "" wait_lab
  rm -f "$(marker_file lab-check "")"
  step secrets-rotate "" "$BIN/nestlab-restore.sh" rotate
  keep_lab_on_disk
  progress ready "" "done"
}

main() {
  local h rc
  mkdir -p "$NESTLAB_STATE/markers"
  print_host_keys
  progress bootstrap "" start
  # Preflight runs on every boot: a stopped host may come back on other hardware.
  progress preflight "" start
  "$BIN/nestlab-preflight.sh"
  progress preflight "" "done"
  if [ "$LAB_RESTORE" = 1 ]; then
    # The blueprint's disk is mounted, never formatted: it carries the nestlab-data label.
    rm -f "$(marker_file storage "")"
    step storage "" prepare_storage
    rc=0
    restore_lab || rc=$?
    if [ "$rc" -ne 3 ]; then
      return "$rc"
    fi
    # A restore's user data may leave the install's files to the engine (AWS's 16 KB).
    step deferred-files "" wait_deferred
  fi
  step secrets "" make_secrets
  # Every boot: a stop/start may have wiped a local NVMe data disk, which is then formatted again.
  # Its markers are on the root disk, so it is never skipped; only after it do data markers count.
  rm -f "$(marker_file storage "")"
  step storage "" prepare_storage
  step network "" setup_network
  step media "" fetch_media
  for h in $ESXI_HOSTS; do
    step esxi-iso "$h" "$BIN/nestlab-esxi.sh" remaster "$h"
  done
  # All hosts install at the same time; each install step waits for its host to answer.
  for h in $ESXI_HOSTS; do
    step esxi-vm "$h" "$BIN/nestlab-esxi.sh" vm "$h"
  done
  for h in $ESXI_HOSTS; do
    step esxi-install "$h" "$BIN/nestlab-esxi.sh" wait "$h"
  done
  if [ "$VCENTER_ENABLED" = 1 ]; then
    step deferred-files "" wait_deferred
    step vcenter-deploy "" "$BIN/nestlab-vcenter.sh" deploy
    step vcenter-configure "" "$BIN/nestlab-vcenter.sh" configure
  fi
  step lab-check "" wait_lab
  rm -f "$(marker_file lab-check "")"
  keep_lab_on_disk
  progress ready "" "done"
}

on_exit() {
  local rc=$1
  if [ "$rc" -ne 0 ]; then
    progress bootstrap "" failed "exit-$rc"
  fi
}

# Sourced (tests run single functions): define only.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  trap 'on_exit $?' EXIT
  main
fi
