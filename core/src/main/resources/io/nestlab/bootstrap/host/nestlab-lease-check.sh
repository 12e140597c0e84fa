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
problem=""
if value=$(read_lease 2>/dev/null); then
  if until_epoch=$(lease_epoch "$value" 2>/dev/null); then
    echo "$until_epoch" >"$known"
  else
    until_epoch=""
    # The value is a tag anyone with the lab's rights can set: shown short and printable only.
    shown=$(printf '%s' "$value" | head -c 64 | tr -c 'A-Za-z0-9._:/+ -' '?')
    problem="$LEASE_KEY is malformed ('$shown'); the format is yyyymmddThhmmssZ in UTC, for example 20261124t100000z"
  fi
else
  problem="metadata did not answer"
fi
if [ -z "$until_epoch" ]; then
  if [ -s "$known" ]; then
    until_epoch=$(cat "$known")
    log "lease: $problem; using the last lease read"
  else
    until_epoch=$(($(cat "$first_boot") + LEASE_FALLBACK_SECONDS))
    log "lease: $problem; no lease read yet; using first boot + ${LEASE_FALLBACK_SECONDS}s"
  fi
fi

if [ "$now" -ge "$until_epoch" ]; then
  progress lease-expired "" "done"
  log "lease ended at $(date -u -d "@$until_epoch" +%Y-%m-%dT%H:%M:%SZ); powering off"
  if [ "${NESTLAB_NO_POWEROFF:-0}" != 1 ]; then
    systemctl poweroff
  fi
fi
