#!/bin/bash
# NestLab lease watchdog, run every minute by nestlab-lease.timer: the L1 host's dead-man switch.
# Reads the lease end (tag/attribute nestlab-lease-until, compact UTC 20261124t100000z) from
# instance metadata and powers the host off once it has passed. When the metadata service does
# not answer, the last lease read is used; before any was read, first boot + the lab's TTL.
set -euo pipefail
# shellcheck source=/dev/null
. "${NESTLAB_HOME:-/opt/nestlab}/bin/nestlab-lib.sh"

mkdir -p "$NESTLAB_STATE"
known="$NESTLAB_STATE/lease-until"
first_boot="$NESTLAB_STATE/first-boot"
now=$(date +%s)
if [ ! -s "$first_boot" ]; then
  echo "$now" >"$first_boot"
fi

until_epoch=""
if value=$(read_lease 2>/dev/null) && until_epoch=$(lease_epoch "$value"); then
  echo "$until_epoch" >"$known"
elif [ -s "$known" ]; then
  until_epoch=$(cat "$known")
  log "lease: metadata did not answer; using the last lease read"
else
  until_epoch=$(($(cat "$first_boot") + LEASE_FALLBACK_SECONDS))
  log "lease: no lease read yet; using first boot + ${LEASE_FALLBACK_SECONDS}s"
fi

if [ "$now" -ge "$until_epoch" ]; then
  progress lease-expired "" "done"
  log "lease ended at $(date -u -d "@$until_epoch" +%Y-%m-%dT%H:%M:%SZ); powering off"
  if [ "${NESTLAB_NO_POWEROFF:-0}" != 1 ]; then
    systemctl poweroff
  fi
fi
