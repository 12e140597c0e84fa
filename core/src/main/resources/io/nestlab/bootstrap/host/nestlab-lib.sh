#!/bin/bash
# shellcheck shell=bash
# NestLab bootstrap: helpers shared by every nestlab-* script on the L1 host.
# Sourced, never run. Nothing here prints a secret: progress lines carry phase names only.

# The defaults are the L1 host's paths; tests point them at a temporary directory.
NESTLAB_HOME=${NESTLAB_HOME:-/opt/nestlab}
NESTLAB_STATE=${NESTLAB_STATE:-/var/lib/nestlab}
NESTLAB_SECRETS=${NESTLAB_SECRETS:-/etc/nestlab/secrets.env}
NESTLAB_CONSOLE=${NESTLAB_CONSOLE:-/dev/console}
AWS_METADATA_URL=${AWS_METADATA_URL:-http://169.254.169.254}
GCE_METADATA_URL=${GCE_METADATA_URL:-http://metadata.google.internal}
# Lab data (media, disks, the appliance's files): the data disk's mount point.
NESTLAB_DATA=${NESTLAB_DATA:-$NESTLAB_STATE/data}
NESTLAB_LAB_JSON=$NESTLAB_HOME/etc/lab.json
NESTLAB_ETC_HOSTS=${NESTLAB_ETC_HOSTS:-/etc/hosts}
# What a blueprint needs besides the disks: the lab's rendered files and its passwords, kept on the
# data disk (root only) so that a host restored from a snapshot of it starts the same lab.
NESTLAB_KEPT=$NESTLAB_DATA/.nestlab/lab
# shellcheck source=/dev/null
. "$NESTLAB_HOME/etc/lab.env"
# A host whose data disk comes from a blueprint gets this file (RenderOptions.restore).
# shellcheck disable=SC2034 # read by nestlab-bootstrap.sh
LAB_RESTORE=0
if [ -r "$NESTLAB_HOME/etc/restore.env" ]; then
  # shellcheck source=/dev/null
  . "$NESTLAB_HOME/etc/restore.env"
fi
# The plan's data disk in GiB; 0: the plan has none and counts all local NVMe (RenderOptions).
# shellcheck disable=SC2034 # read by nestlab-bootstrap.sh
DATA_DISK_GIB=0
if [ -r "$NESTLAB_HOME/etc/storage.env" ]; then
  # shellcheck source=/dev/null
  . "$NESTLAB_HOME/etc/storage.env"
fi

nestlab_now() {
  date -u +%Y-%m-%dT%H:%M:%SZ
}

# progress PHASE HOST STATUS [REASON]
# Writes one protocol line to the serial console, the journal and the state directory:
#   NESTLAB phase=<phase> [host=<h>] status=<start|done|failed> t=<ISO-8601> [reason=<word>]
progress() {
  local phase=$1 host=$2 status=$3 reason=${4:-} line
  line="NESTLAB phase=$phase"
  if [ -n "$host" ]; then
    line="$line host=$host"
  fi
  line="$line status=$status t=$(nestlab_now)"
  if [ -n "$reason" ]; then
    line="$line reason=$(printf '%s' "$reason" | tr -c 'A-Za-z0-9._:/-' '-')"
  fi
  printf '%s\n' "$line"
  printf '%s\n' "$line" >>"$NESTLAB_CONSOLE" 2>/dev/null || true
  mkdir -p "$NESTLAB_STATE"
  printf '%s\n' "$line" >>"$NESTLAB_STATE/progress.log" 2>/dev/null || true
}

# log MESSAGE...: a human line for the journal (and the console, prefixed so the parser skips it).
log() {
  printf 'nestlab: %s\n' "$*"
  printf 'nestlab: %s\n' "$*" >>"$NESTLAB_CONSOLE" 2>/dev/null || true
}

# marker_file PHASE [HOST]: where the "done" marker of a phase lives. A marker lives with what
# the phase made: the phases whose results are on the root disk (secrets, the libvirt network, the
# delivered files) keep theirs in $NESTLAB_STATE/markers; every other phase made lab data, so its
# marker is in $NESTLAB_DATA/.nestlab/markers, on the data disk. When a stop/start wipes that disk
# (local NVMe), the markers go with the data and the phases run again.
marker_file() {
  local phase=$1 host=${2:-} dir
  case "$phase" in
    # secrets-rotate too: a blueprint saved from a restored lab must not carry it to the next.
    secrets | secrets-rotate | storage | network | deferred-files) dir=$NESTLAB_STATE/markers ;;
    *) dir=$NESTLAB_DATA/.nestlab/markers ;;
  esac
  if [ -n "$host" ]; then
    printf '%s/%s@%s.done' "$dir" "$phase" "$host"
  else
    printf '%s/%s.done' "$dir" "$phase"
  fi
}

# step PHASE HOST COMMAND...: runs COMMAND once. A marker on disk makes a re-run (after a reboot
# or a stop/start) skip the step while what it made is still there (see marker_file); a failure
# prints a failed line and returns the command's code.
step() {
  local phase=$1 host=$2 marker rc
  shift 2
  marker=$(marker_file "$phase" "$host")
  if [ -e "$marker" ]; then
    log "$phase${host:+ $host}: done before, skipped"
    return 0
  fi
  progress "$phase" "$host" start
  # In the background so that "set -e" holds inside the step (a command tested by || or if
  # would run with it switched off).
  rc=0
  "$@" &
  wait "$!" || rc=$?
  if [ "$rc" -eq 0 ]; then
    mkdir -p "$(dirname "$marker")"
    touch "$marker"
    progress "$phase" "$host" "done"
  else
    progress "$phase" "$host" failed "exit-$rc"
  fi
  return "$rc"
}

# every PHASE HOST COMMAND...: a step that runs on every boot (it leaves no marker), such as
# starting what a blueprint's disk holds.
every() {
  step "$@" || return
  rm -f "$(marker_file "$1" "$2")"
}

# keep_lab_on_disk: copies the lab's rendered files and its passwords to the data disk (root
# only), where a snapshot of the disk takes them along; a restore reads them back
# (nestlab-restore.sh). Run when the lab is ready and before every power-off for a snapshot.
keep_lab_on_disk() {
  local f
  if [ ! -d "$NESTLAB_DATA" ]; then
    return 0
  fi
  (umask 077 && mkdir -p "$NESTLAB_KEPT/libvirt")
  chmod 700 "$NESTLAB_DATA/.nestlab" "$NESTLAB_KEPT"
  for f in lab.env lab.json hosts.lab; do
    cp "$NESTLAB_HOME/etc/$f" "$NESTLAB_KEPT/$f"
  done
  for f in "$NESTLAB_HOME"/libvirt/*.xml; do
    [ -e "$f" ] && cp "$f" "$NESTLAB_KEPT/libvirt/"
  done
  if [ -s "$NESTLAB_SECRETS" ]; then
    (umask 077 && cp "$NESTLAB_SECRETS" "$NESTLAB_KEPT/secrets.env.part")
    chmod 600 "$NESTLAB_KEPT/secrets.env.part"
    mv "$NESTLAB_KEPT/secrets.env.part" "$NESTLAB_KEPT/secrets.env"
  fi
}

# require_secrets: true when the root-only secrets file can be read; otherwise says what makes it.
require_secrets() {
  if [ -r "$NESTLAB_SECRETS" ] && [ -s "$NESTLAB_SECRETS" ]; then
    return 0
  fi
  log "the secrets file $NESTLAB_SECRETS is missing, empty or unreadable: the secrets phase makes it (remove $(marker_file secrets "") and restart nestlab-bootstrap to run it again)"
  return 1
}

# wait_for_port HOST PORT SECONDS: true once a TCP connection succeeds, false at the deadline.
wait_for_port() {
  local host=$1 port=$2 seconds=$3 deadline
  deadline=$(($(date +%s) + seconds))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if timeout 5 bash -c ": </dev/tcp/$host/$port" 2>/dev/null; then
      return 0
    fi
    sleep 10
  done
  log "timed out after ${seconds}s waiting for $host:$port"
  return 1
}

# lab_json FILTER [ARG...]: reads the lab inventory with jq (strings raw).
lab_json() {
  local filter=$1
  shift
  jq -r "$@" "$filter" "$NESTLAB_LAB_JSON"
}

host_field() {
  # shellcheck disable=SC2016 # jq variables, not shell ones
  lab_json '.hosts[] | select(.name == $h) | .[$f]' --arg h "$1" --arg f "$2"
}

# ---- instance metadata (the provider is fixed at render time in lab.env) ----

imds_token() {
  curl -fsS --max-time 5 -X PUT "$AWS_METADATA_URL/latest/api/token" \
    -H 'X-aws-ec2-metadata-token-ttl-seconds: 300'
}

# metadata_get PATH-OR-ATTRIBUTE: prints the value, fails when the service does not answer.
aws_metadata() {
  local token
  token=$(imds_token) || return 1
  curl -fsS --max-time 5 -H "X-aws-ec2-metadata-token: $token" \
    "$AWS_METADATA_URL/latest/$1"
}

gce_metadata() {
  curl -fsS --max-time 5 -H 'Metadata-Flavor: Google' \
    "$GCE_METADATA_URL/computeMetadata/v1/$1"
}

# read_lease: prints the lease tag value (compact UTC, 20261124t100000z) or fails.
# LEASE_SOURCE is the cloud's trait (CloudTraits.LeaseSource, in clouds.tsv); none falls back.
read_lease() {
  case "$LEASE_SOURCE" in
    aws-instance-tag) aws_metadata "meta-data/tags/instance/$LEASE_KEY" ;;
    gce-metadata-attribute) gce_metadata "instance/attributes/$LEASE_KEY" ;;
    *) return 1 ;;
  esac
}

# lease_epoch VALUE: converts 20261124t100000z to seconds since the epoch.
lease_epoch() {
  local v
  v=$(printf '%s' "$1" | tr '[:lower:]' '[:upper:]')
  case "$v" in
    [0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]Z) ;;
    *) return 1 ;;
  esac
  date -u -d "${v:0:4}-${v:4:2}-${v:6:2}T${v:9:2}:${v:11:2}:${v:13:2}Z" +%s
}

# ---- media downloads: https://, s3:// (instance role, SigV4) and gs:// (service account) ----

fetch_https() {
  curl -fL --retry 5 --retry-delay 15 --retry-all-errors --connect-timeout 20 \
    --max-time 7200 -o "$2" "$1"
}

fetch_s3() {
  local url=$1 dest=$2 rest bucket key token role creds region cfg
  rest=${url#s3://}
  bucket=${rest%%/*}
  key=${rest#*/}
  token=$(imds_token) || return 1
  role=$(curl -fsS --max-time 5 -H "X-aws-ec2-metadata-token: $token" \
    "$AWS_METADATA_URL/latest/meta-data/iam/security-credentials/" | head -n1)
  if [ -z "$role" ]; then
    log "s3:// media needs an instance role that may read s3://$bucket"
    return 1
  fi
  region=$(curl -sI --max-time 10 "https://$bucket.s3.amazonaws.com/" |
    tr -d '\r' | awk -F': ' 'tolower($1) == "x-amz-bucket-region" {print $2}')
  region=${region:-us-east-1}
  cfg=$(mktemp)
  chmod 600 "$cfg"
  creds=$(curl -fsS --max-time 5 -H "X-aws-ec2-metadata-token: $token" \
    "$AWS_METADATA_URL/latest/meta-data/iam/security-credentials/$role") || return 1
  {
    printf 'user = "%s:%s"\n' "$(jq -r .AccessKeyId <<<"$creds")" "$(jq -r .SecretAccessKey <<<"$creds")"
    printf 'header = "x-amz-security-token: %s"\n' "$(jq -r .Token <<<"$creds")"
  } >"$cfg"
  local rc=0
  curl -fL --retry 5 --retry-delay 15 --retry-all-errors --connect-timeout 20 --max-time 7200 \
    --aws-sigv4 "aws:amz:$region:s3" -K "$cfg" -o "$dest" \
    "https://$bucket.s3.$region.amazonaws.com/$key" || rc=$?
  rm -f "$cfg"
  return "$rc"
}

fetch_gs() {
  local url=$1 dest=$2 rest bucket object hdr rc=0
  rest=${url#gs://}
  bucket=${rest%%/*}
  object=$(jq -rn --arg o "${rest#*/}" '$o | @uri')
  hdr=$(mktemp)
  chmod 600 "$hdr"
  printf 'Authorization: Bearer %s\n' \
    "$(gce_metadata instance/service-accounts/default/token | jq -r .access_token)" >"$hdr"
  curl -fL --retry 5 --retry-delay 15 --retry-all-errors --connect-timeout 20 --max-time 7200 \
    -H "@$hdr" -o "$dest" \
    "https://storage.googleapis.com/storage/v1/b/$bucket/o/$object?alt=media" || rc=$?
  rm -f "$hdr"
  return "$rc"
}

# fetch URL DEST [SHA256]: downloads with retries (three whole attempts, each with curl's own
# retries) and verifies the SHA-256 when one is given. DEST appears only when it is complete.
fetch() {
  local url=$1 dest=$2 sha=${3:-} attempt tmp
  if [ -s "$dest" ]; then
    return 0
  fi
  mkdir -p "$(dirname "$dest")"
  tmp="$dest.part"
  for attempt in 1 2 3; do
    rm -f "$tmp"
    case "$url" in
      https://*) fetch_https "$url" "$tmp" ;;
      s3://*) fetch_s3 "$url" "$tmp" ;;
      gs://*) fetch_gs "$url" "$tmp" ;;
      *)
        log "unsupported media URL scheme: ${url%%:*} (use https://, s3:// or gs://)"
        return 1
        ;;
    esac || {
      log "download of $(basename "$dest") failed (attempt $attempt of 3)"
      sleep $((attempt * 30))
      continue
    }
    if [ -n "$sha" ] && ! printf '%s  %s\n' "$sha" "$tmp" | sha256sum -c --status; then
      log "$(basename "$dest"): SHA-256 differs from the lab file's sha256 (attempt $attempt of 3)"
      continue
    fi
    mv "$tmp" "$dest"
    return 0
  done
  rm -f "$tmp"
  return 1
}
