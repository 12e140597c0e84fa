#!/bin/bash
# NestLab bootstrap: a lab restored from a blueprint (docs/design/0137). The data disk is a copy
# of a saved lab's: its ESXi disks, the vCenter appliance, the install markers, and (kept by
# nestlab-lib.sh's keep_lab_on_disk, root only) the lab's rendered files and passwords.
#   nestlab-restore.sh check    0: the disk holds this lab, installed; 3: it holds no lab (install
#                               instead); 1: it holds another lab or half of one (says which)
#   nestlab-restore.sh adopt    the blueprint's names and addresses become this host's lab files;
#                               what is this lab's own (name, provider, lease) stays
#   nestlab-restore.sh secrets  the blueprint's passwords become this host's secrets file
#   nestlab-restore.sh rotate   new ESXi root passwords (what vSphere lets a script rotate)
set -euo pipefail
# shellcheck source=/dev/null
. "${NESTLAB_HOME:-/opt/nestlab}/bin/nestlab-lib.sh"

DATA=$NESTLAB_DATA
KEPT=$NESTLAB_KEPT
RENDERED=$NESTLAB_HOME/etc/rendered
# Settings that are this lab's own, whatever the blueprint says.
OWN_SETTINGS='^(LAB_NAME|PROVIDER|LEASE_SOURCE|LEASE_KEY|LEASE_FALLBACK_SECONDS|DEFERRED_TIMEOUT_SECONDS)='

check() {
  local h present=0 saved vc_saved
  for h in $ESXI_HOSTS; do
    if [ -e "$DATA/disks/$h-boot.qcow2" ]; then
      present=$((present + 1))
    fi
  done
  if [ "$present" -eq 0 ] && [ ! -e "$KEPT/lab.json" ]; then
    return 3
  fi
  if [ ! -r "$KEPT/lab.json" ] || [ ! -s "$KEPT/secrets.env" ] || [ ! -r "$KEPT/lab.env" ]; then
    log "restore: the data disk holds ESXi disks but not the lab's files in $KEPT (lab.env, lab.json, secrets.env); save the lab again with this NestLab (nestlab-lab-power shutdown keeps them)"
    return 1
  fi
  saved=$(jq -r '[.hosts[].name] | join(" ")' "$KEPT/lab.json")
  if [ "$saved" != "$ESXI_HOSTS" ]; then
    log "restore: the blueprint's lab has ESXi hosts '$saved' but this lab file asks for '$ESXI_HOSTS'; start it with the blueprint's lab file"
    return 1
  fi
  vc_saved=$(jq -r 'if .vcenter == null then 0 else 1 end' "$KEPT/lab.json")
  if [ "$vc_saved" != "$VCENTER_ENABLED" ]; then
    log "restore: the blueprint's lab has$([ "$vc_saved" = 1 ] || echo " no") vCenter but this lab file asks for$([ "$VCENTER_ENABLED" = 1 ] || echo " no") vCenter; start it with the blueprint's lab file"
    return 1
  fi
  for h in $ESXI_HOSTS; do
    if [ ! -e "$DATA/disks/$h-boot.qcow2" ] || [ ! -e "$(marker_file esxi-install "$h")" ]; then
      log "restore: $h was not installed when the blueprint was saved (no disk or no install marker); save a lab that reached ready"
      return 1
    fi
  done
  if [ "$VCENTER_ENABLED" = 1 ]; then
    if [ ! -e "$(marker_file vcenter-configure "")" ]; then
      log "restore: vCenter was not configured when the blueprint was saved; save a lab that reached ready"
      return 1
    fi
    if [ "$(jq -r .vcenter.host "$KEPT/lab.json")" = l1 ] && [ ! -s "$DATA/vcenter/kvm/vcsa.xml" ]; then
      log "restore: the appliance's domain ($DATA/vcenter/kvm/vcsa.xml) is missing from the data disk"
      return 1
    fi
  fi
  log "restore: the data disk holds lab '$(jq -r .lab "$KEPT/lab.json")' (ESXi $saved$([ "$VCENTER_ENABLED" = 1 ] && echo ", vCenter")), installed: skipping installation"
}

adopt() {
  local f
  mkdir -p "$RENDERED"
  # The first time only: what this host was rendered with, kept for reading and for OWN_SETTINGS.
  if [ ! -e "$RENDERED/lab.env" ]; then
    for f in lab.env lab.json hosts.lab; do
      cp "$NESTLAB_HOME/etc/$f" "$RENDERED/$f"
    done
  fi
  {
    # A blueprint saved from a restored lab kept that lab's own settings: not those.
    grep -vE "$OWN_SETTINGS|^# This lab's own settings" "$KEPT/lab.env"
    echo "# This lab's own settings (the blueprint's are above), from $RENDERED/lab.env"
    grep -E "$OWN_SETTINGS" "$RENDERED/lab.env"
  } >"$NESTLAB_HOME/etc/lab.env.part"
  mv "$NESTLAB_HOME/etc/lab.env.part" "$NESTLAB_HOME/etc/lab.env"
  jq --arg p "$(jq -r .provider "$RENDERED/lab.json")" '.provider = $p' "$KEPT/lab.json" \
    >"$NESTLAB_HOME/etc/lab.json.part"
  mv "$NESTLAB_HOME/etc/lab.json.part" "$NESTLAB_HOME/etc/lab.json"
  cp "$KEPT/hosts.lab" "$NESTLAB_HOME/etc/hosts.lab"
  for f in "$KEPT"/libvirt/*.xml; do
    [ -e "$f" ] && cp "$f" "$NESTLAB_HOME/libvirt/"
  done
  log "restore: the lab's names and addresses are the blueprint's; its name, provider and lease are this lab's"
}

secrets() {
  local dir
  if [ -s "$NESTLAB_SECRETS" ]; then
    return 0
  fi
  dir=$(dirname "$NESTLAB_SECRETS")
  mkdir -p "$dir"
  chmod 700 "$dir"
  (umask 077 && cp "$KEPT/secrets.env" "$NESTLAB_SECRETS.part")
  chmod 600 "$NESTLAB_SECRETS.part"
  mv "$NESTLAB_SECRETS.part" "$NESTLAB_SECRETS"
  log "restore: the blueprint's passwords are in $NESTLAB_SECRETS (root only) until rotated"
}

rotate() {
  python3 "$NESTLAB_HOME/bin/nestlab-power.py" rotate-esxi --inventory "$NESTLAB_LAB_JSON" \
    --secrets "$NESTLAB_SECRETS"
}

case "${1:-}" in
  check) check ;;
  adopt) adopt ;;
  secrets) secrets ;;
  rotate) rotate ;;
  *)
    echo "usage: $0 check|adopt|secrets|rotate" >&2
    exit 2
    ;;
esac
