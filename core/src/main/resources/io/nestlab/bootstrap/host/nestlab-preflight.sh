#!/bin/bash
# NestLab bootstrap, phase "preflight": can this L1 host run ESXi under KVM at all?
# Checks vmx in /proc/cpuinfo, /dev/kvm, kvm_intel nested=Y and ept=Y; sets kvm ignore_msrs=1.
# The module options are persistent in /etc/modprobe.d/nestlab-kvm.conf (written by cloud-init).
# On failure it prints the reason and powers the host off, so a wrong instance costs cents.
set -euo pipefail
# shellcheck source=/dev/null
. "${NESTLAB_HOME:-/opt/nestlab}/bin/nestlab-lib.sh"

param() {
  cat "/sys/module/$1/parameters/$2" 2>/dev/null || echo missing
}

is_on() {
  case "$1" in
    Y | y | 1) return 0 ;;
    *) return 1 ;;
  esac
}

fail() {
  progress preflight "" failed "$1"
  log "preflight failed: $2"
  log "this instance cannot run nested ESXi; powering off in 60 seconds"
  if [ "${NESTLAB_NO_POWEROFF:-0}" != 1 ]; then
    sleep 60
    systemctl poweroff
  fi
  exit 1
}

check() {
  if ! grep -qw vmx /proc/cpuinfo; then
    fail no-vmx "the CPU does not expose Intel VT-x (vmx); use a metal type or enable nested virtualization"
  fi
  modprobe kvm 2>/dev/null || true
  modprobe kvm_intel 2>/dev/null || true
  if [ ! -e /dev/kvm ]; then
    fail no-dev-kvm "/dev/kvm is missing; the kvm_intel module did not load"
  fi
  # The options take effect when kvm_intel loads; reload it once if they are not in force yet.
  if ! is_on "$(param kvm_intel nested)" || ! is_on "$(param kvm_intel ept)"; then
    log "reloading kvm_intel with the options of /etc/modprobe.d/nestlab-kvm.conf"
    modprobe -r kvm_intel 2>/dev/null || true
    modprobe kvm_intel || true
  fi
  if ! is_on "$(param kvm_intel nested)"; then
    fail nested-off "kvm_intel nested is $(param kvm_intel nested), not Y; ESXi cannot run its own VMs"
  fi
  if ! is_on "$(param kvm_intel ept)"; then
    fail ept-off "kvm_intel ept is $(param kvm_intel ept), not Y; nested ESXi needs EPT"
  fi
  # ESXi reads model-specific registers KVM does not emulate; ignore instead of injecting #GP.
  echo 1 >/sys/module/kvm/parameters/ignore_msrs
  if ! is_on "$(param kvm ignore_msrs)"; then
    fail ignore-msrs-off "could not set kvm ignore_msrs=1"
  fi
  log "preflight: vmx, /dev/kvm, nested=Y, ept=Y, ignore_msrs=Y"
}

check
