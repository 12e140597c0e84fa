#!/bin/bash
# NestLab on Compute Engine: Debian's GCE images run metadata startup scripts (google-guest-agent)
# but carry no cloud-init, and the lab's #cloud-config is in the user-data attribute. On the first
# boot this installs Debian's cloud-init and runs its stages once on that attribute; from then on
# cloud-init runs at every boot by itself and this script has nothing to do.
# Progress: a failure is one "NESTLAB phase=cloud-init status=failed" line on the serial console.
set -euo pipefail

CONSOLE=${NESTLAB_CONSOLE:-/dev/console}
CLOUD_DIR=${NESTLAB_CLOUD_DIR:-/var/lib/cloud}
CLOUD_CFG_DIR=${NESTLAB_CLOUD_CFG_DIR:-/etc/cloud/cloud.cfg.d}

say() {
  printf '%s\n' "$*"
  printf '%s\n' "$*" >>"$CONSOLE" 2>/dev/null || true
}

failed() {
  say "NESTLAB phase=cloud-init status=failed t=$(date -u +%Y-%m-%dT%H:%M:%SZ) reason=$1"
  say "nestlab: $2"
  exit 1
}

if [ -e "$CLOUD_DIR/instance/boot-finished" ]; then
  exit 0
fi
if ! command -v cloud-init >/dev/null 2>&1; then
  say "nestlab: installing Debian's cloud-init to apply the lab's user-data"
  export DEBIAN_FRONTEND=noninteractive
  # The image's own apt jobs (apt-daily, unattended-upgrades) may hold the lock for a while.
  timeout 900 apt-get -o DPkg::Lock::Timeout=600 update -q ||
    failed apt-update "apt-get update failed; see the journal"
  timeout 900 apt-get -o DPkg::Lock::Timeout=600 install -y -q cloud-init ||
    failed cloud-init-install "apt-get install cloud-init failed; see the journal"
fi
# Only the GCE data source; the image's own network configuration stays as it is.
mkdir -p "$CLOUD_CFG_DIR"
printf '%s\n' "# NestLab: the lab's user data comes from Compute Engine metadata." \
  "datasource_list: [ GCE ]" "network: {config: disabled}" >"$CLOUD_CFG_DIR/90-nestlab.cfg"
cloud-init init || failed cloud-init-init "cloud-init init failed; see /var/log/cloud-init.log"
cloud-init modules --mode=config ||
  failed cloud-init-config "cloud-init config stage failed; see /var/log/cloud-init.log"
cloud-init modules --mode=final ||
  failed cloud-init-final "cloud-init final stage failed; see /var/log/cloud-init.log"
