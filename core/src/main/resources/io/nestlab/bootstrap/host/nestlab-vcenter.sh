#!/bin/bash
# NestLab bootstrap: the vCenter Server appliance.
#   nestlab-vcenter.sh deploy     vcsa-deploy from the mounted VCSA ISO onto its ESXi host
#   nestlab-vcenter.sh configure  datacenter, cluster, hosts, vCLS workaround, guests (pyVmomi)
#   nestlab-vcenter.sh mount-iso  mounts the staged VCSA ISO (deploy does it too)
# Passwords go from the root-only secrets file into a root-only JSON through the environment,
# never through a command line, a log or the console.
set -euo pipefail
# shellcheck source=/dev/null
. "${NESTLAB_HOME:-/opt/nestlab}/bin/nestlab-lib.sh"

DATA=$NESTLAB_DATA
MNT=${NESTLAB_VCSA_MOUNT:-/mnt/nestlab-vcsa}

# The staged VCSA ISO ($DATA/media/vcsa.iso) mounted at $MNT. A mount that an earlier, failed run
# left may hold another ISO: media.vcsaIso changed since, and the staging replaced the file (a new
# file: the loop device still reads the old, deleted one). That mount is undone first, so
# vcsa-deploy never runs an installer other than the lab's (design 0203).
mount_vcsa_iso() {
  local iso="$DATA/media/vcsa.iso" dev
  mkdir -p "$MNT"
  if mountpoint -q "$MNT"; then
    dev=$(findmnt -n -o SOURCE --target "$MNT" || true)
    if [ -n "$dev" ] \
      && [ "$(losetup -n -O BACK-FILE "$dev" 2>/dev/null)" = "$(realpath "$iso")" ] \
      && [ "$(losetup -n -O BACK-INO "$dev" 2>/dev/null | tr -d ' ')" = "$(stat -L -c %i "$iso")" ]; then
      return 0 # the staged ISO is the one mounted
    fi
    log "$MNT holds another VCSA ISO than the staged one (${dev:-unknown device}); unmounting it"
    if ! umount "$MNT"; then
      echo "nestlab: $MNT holds an older VCSA ISO and cannot be unmounted: something still uses" \
        "it; stop it (fuser -vm $MNT names it), then resume the lab" >&2
      return 1
    fi
  fi
  mount -o loop,ro "$iso" "$MNT"
}

load_secrets() {
  local key value
  require_secrets || return 1
  while IFS='=' read -r key value; do
    case "$key" in
      ESXI_ROOT_PASSWORD | VCSA_ROOT_PASSWORD | SSO_USER | SSO_PASSWORD) export "$key=$value" ;;
    esac
  done <"$NESTLAB_SECRETS"
}

# Experimental: the appliance as a KVM guest beside the ESXi hosts (vCenter placement "l1").
deploy_on_l1() {
  local work="$DATA/vcenter/kvm" rc=0
  load_secrets
  (umask 077 && mkdir -p "$work")
  mount_vcsa_iso
  python3 "$NESTLAB_HOME/bin/nestlab-vcsa-kvm.py" --iso-dir "$MNT" --work "$work" \
    --domain "$NESTLAB_HOME/libvirt/vcsa.xml" --env "$NESTLAB_HOME/vcenter/ovf-env.xml" \
    --out "$work/vcsa.xml" || rc=$?
  umount "$MNT" || true
  if [ "$rc" -ne 0 ]; then
    return "$rc"
  fi
  if ! virsh dominfo vcsa >/dev/null 2>&1; then
    virsh define "$work/vcsa.xml"
  fi
  virsh autostart vcsa
  if [ "$(virsh domstate vcsa)" != running ]; then
    virsh start vcsa
  fi
  # First boot configures the appliance from its OVF environment; then the API answers.
  wait_for_port "$VCENTER_IP" 443 "$VCENTER_DEPLOY_TIMEOUT_SECONDS"
  wait_for_port "$VCENTER_IP" 5480 900
}

deploy() {
  local json="$DATA/vcenter/vcsa-deploy.json" rc=0
  if [ "$VCENTER_HOST" = l1 ]; then
    deploy_on_l1
    return
  fi
  load_secrets
  (umask 077 && mkdir -p "$DATA/vcenter" "$DATA/vcenter/logs")
  mount_vcsa_iso
  (
    umask 077
    jq '.new_vcsa.esxi.password = env.ESXI_ROOT_PASSWORD
        | .new_vcsa.os.password = env.VCSA_ROOT_PASSWORD
        | .new_vcsa.sso.password = env.SSO_PASSWORD' \
      "$NESTLAB_HOME/vcenter/vcsa-deploy.json" >"$json"
  )
  # The target ESXi host has a self-signed certificate on this private network.
  timeout "$VCENTER_DEPLOY_TIMEOUT_SECONDS" "$MNT/vcsa-cli-installer/lin64/vcsa-deploy" install \
    --accept-eula --acknowledge-ceip --no-ssl-certificate-verification \
    --log-dir "$DATA/vcenter/logs" "$json" >"$DATA/vcenter/logs/vcsa-deploy.out" 2>&1 || rc=$?
  rm -f "$json"
  umount "$MNT" || true
  if [ "$rc" -ne 0 ]; then
    log "vcsa-deploy failed (exit $rc); see $DATA/vcenter/logs"
    return "$rc"
  fi
}

# vCenter's CA (VMCA) signs its certificate: fetch its root once over the private network and
# verify every later connection against it. Kept with the appliance's data: a vCenter deployed
# again (after its disks were lost) has a new CA.
VMCA=$DATA/vcenter/vmca.pem

fetch_ca() {
  local ca=$VMCA work
  if [ -s "$ca" ]; then
    return 0
  fi
  mkdir -p "$(dirname "$ca")"
  work=$(mktemp -d)
  # Bounded as a whole: curl's retries included, at most 30 minutes.
  timeout --kill-after=30 1800 curl -fsSk --connect-timeout 20 --retry 10 --retry-delay 30 \
    --retry-all-errors --max-time 120 \
    -o "$work/certs.zip" "https://$VCENTER_FQDN/certs/download.zip"
  python3 - "$work/certs.zip" "$ca" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, open(sys.argv[2], "w") as out:
    for name in z.namelist():
        if name.startswith("certs/lin/") and name.endswith(".0"):
            out.write(z.read(name).decode())
PY
  rm -rf "$work"
}

configure() {
  local rc=0
  load_secrets
  fetch_ca
  # The script keeps its own --timeout; timeout(1) is the backstop should it ever hang.
  timeout --kill-after=30 "$((VCENTER_CONFIGURE_TIMEOUT_SECONDS + 60))" \
    python3 "$NESTLAB_HOME/bin/nestlab-configure.py" --inventory "$NESTLAB_LAB_JSON" \
    --secrets "$NESTLAB_SECRETS" --server "$VCENTER_FQDN" --ca-file "$VMCA" \
    --media-dir "$DATA/media/guests" --timeout "$VCENTER_CONFIGURE_TIMEOUT_SECONDS" || rc=$?
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    log "nestlab-configure.py did not end within ${VCENTER_CONFIGURE_TIMEOUT_SECONDS}s and was stopped"
  fi
  return "$rc"
}

case "${1:-}" in
  deploy) deploy ;;
  configure) configure ;;
  mount-iso) mount_vcsa_iso ;;
  *)
    echo "usage: $0 deploy|configure|mount-iso" >&2
    exit 2
    ;;
esac
