#!/usr/bin/env bash
# make prod-drill: the production stack of docker-compose.yml, built and run for real on this
# machine, then checked from outside through nginx (deploy/drill/drill.py says what it checks).
#
# 1. Debian's docker.io, docker-compose and debootstrap, installed with apt if missing (root).
# 2. dockerd, started in the background if it is not running (log: var/drill/dockerd.log), and
#    stopped at the end if this script started it (DRILL_KEEP_DOCKERD=1 keeps it).
# 3. The stand-in images (deploy/drill/images.sh) and the app image, tansiq:drill, built on
#    Debian's Python 3.11.
# 4. deploy/drill/drill.py: starts the stack with two web replicas, checks it, and removes every
#    container, network and volume it created, also when a check fails or on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/../.."
started=$(date +%s)
mkdir -p var/drill
log() { printf '\n== %s (%ss)\n' "$*" "$(($(date +%s) - started))"; }

missing=()
[ -x /usr/sbin/dockerd ] || [ -x /usr/bin/dockerd ] || missing+=(docker.io)
command -v docker-compose >/dev/null || missing+=(docker-compose)
command -v debootstrap >/dev/null || [ -x /usr/sbin/debootstrap ] || missing+=(debootstrap)
command -v openssl >/dev/null || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" iptables >/dev/null
fi

# Debian's client, which speaks the API of Debian's daemon (another client may be first on PATH).
export DOCKER=${DOCKER:-$( [ -x /usr/bin/docker ] && echo /usr/bin/docker || command -v docker )}
export PATH=/usr/sbin:/sbin:$PATH

if ! $DOCKER info >/dev/null 2>&1; then
  # overlay2 where the kernel mounts overlays, else vfs (slower: every layer is a full copy).
  driver=${DRILL_STORAGE_DRIVER:-}
  if [ -z "$driver" ]; then
    probe=$(mktemp -d) && mkdir -p "$probe"/{l,u,w,m}
    if mount -t overlay overlay -o "lowerdir=$probe/l,upperdir=$probe/u,workdir=$probe/w" \
      "$probe/m" 2>/dev/null; then
      umount "$probe/m"
      driver=overlay2
    else
      driver=vfs
    fi
    rm -rf "$probe"
  fi
  log "starting dockerd (storage driver $driver)"
  dockerd --storage-driver="$driver" >var/drill/dockerd.log 2>&1 &
  dockerd_pid=$!
  if [ -z "${DRILL_KEEP_DOCKERD:-}" ]; then
    trap 'kill "$dockerd_pid" 2>/dev/null && wait "$dockerd_pid" 2>/dev/null || true' EXIT
  fi
  for _ in $(seq 60); do $DOCKER info >/dev/null 2>&1 && break; sleep 0.5; done
  $DOCKER info >/dev/null 2>&1 || {
    tail -20 var/drill/dockerd.log >&2
    echo "prod-drill: dockerd did not start (log above: var/drill/dockerd.log)" >&2
    exit 1
  }
fi

log "stand-in images (deploy/drill/images.sh)"
deploy/drill/images.sh

log "app image tansiq:drill (Dockerfile, BASE_IMAGE=tansiq-drill/python:3.11)"
build_start=$(date +%s)
$DOCKER build --quiet --build-arg BASE_IMAGE=tansiq-drill/python:3.11 -t tansiq:drill . >var/drill/build.log 2>&1 || {
  tail -30 var/drill/build.log >&2
  echo "prod-drill: the Dockerfile did not build on Debian's Python (log: var/drill/build.log)" >&2
  exit 1
}
printf '   %-34s %s\n' tansiq:drill "built in $(($(date +%s) - build_start)) s"

log "the drill"
python3 deploy/drill/drill.py
log "prod-drill passed in $(($(date +%s) - started)) s"
