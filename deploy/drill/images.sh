#!/usr/bin/env bash
# Stand-in images, built from Debian bookworm's packages, for everything docker-compose.yml pulls
# from Docker Hub (which the drill does not need to reach): the Python base of the Dockerfile,
# PostgreSQL 15, Redis 7, nginx and an SMTP catcher in place of Mailpit.
#
#   deploy/drill/images.sh            build what is missing (a second run takes seconds)
#   DRILL_REBUILD=1 deploy/drill/images.sh   build them all again
#
# A debootstrap "minbase" root is kept as a tarball under var/drill/ and `docker import`ed;
# tansiq-drill/debian:bookworm adds the certificate authorities this host trusts locally
# (/usr/local/share/ca-certificates: a TLS-inspecting proxy in front of PyPI, say), and each
# stand-in is a small Dockerfile (deploy/drill/images/) that apt-installs one service on it. Tags: tansiq-drill/<name>:<version>, used by
# deploy/drill/docker-compose.drill.yml. Needs root, docker and debootstrap; the network it
# needs is Debian's mirror (DEBIAN_MIRROR).
set -euo pipefail
cd "$(dirname "$0")/../.."
DOCKER=${DOCKER:-docker}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
CACHE=var/drill
ROOT_TAR=$CACHE/bookworm-minbase.tar
ROOT_IMAGE=tansiq-drill/debian-root:bookworm
BASE=tansiq-drill/debian:bookworm
mkdir -p "$CACHE"

have() { [ -z "${DRILL_REBUILD:-}" ] && $DOCKER image inspect "$1" >/dev/null 2>&1; }
say() { printf '   %-34s %s\n' "$1" "$2"; }

if [ ! -s "$ROOT_TAR" ] || [ -n "${DRILL_REBUILD:-}" ]; then
  start=$SECONDS
  root=$(mktemp -d "$PWD/$CACHE/root.XXXXXX")
  trap 'rm -rf "$root"' EXIT
  debootstrap --variant=minbase --include=ca-certificates bookworm "$root" "$MIRROR" \
    >"$CACHE/debootstrap.log" 2>&1 || { tail -20 "$CACHE/debootstrap.log" >&2; exit 1; }
  # The security and updates suites, as the official images have them.
  cat >"$root/etc/apt/sources.list" <<SOURCES
deb $MIRROR bookworm main
deb $MIRROR bookworm-updates main
deb ${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security} bookworm-security main
SOURCES
  # Like the official slim images: no docs or man pages, no cached .debs.
  printf 'path-exclude /usr/share/doc/*\npath-exclude /usr/share/man/*\npath-exclude /usr/share/info/*\n' \
    >"$root/etc/dpkg/dpkg.cfg.d/docker-slim"
  chroot "$root" apt-get clean
  rm -rf "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/*
  tar -C "$root" --numeric-owner -cf "$ROOT_TAR.partial" .
  mv "$ROOT_TAR.partial" "$ROOT_TAR"
  rm -rf "$root"
  trap - EXIT
  say "debootstrap bookworm minbase" "$((SECONDS - start)) s"
fi

if ! have "$ROOT_IMAGE" || [ "$ROOT_TAR" -nt "$CACHE/.imported" ]; then
  start=$SECONDS
  $DOCKER import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' "$ROOT_TAR" "$ROOT_IMAGE" >/dev/null
  touch "$CACHE/.imported"
  $DOCKER rmi "$BASE" >/dev/null 2>&1 || true
  say "$ROOT_IMAGE" "imported in $((SECONDS - start)) s"
fi

# The local certificate authorities: rebuilt (in a second) only when they change.
ca=$CACHE/ca && rm -rf "$ca" && mkdir -p "$ca/certs"
cp /usr/local/share/ca-certificates/*.crt "$ca/certs/" 2>/dev/null || true
cat >"$ca/Dockerfile" <<DOCKERFILE
FROM $ROOT_IMAGE
COPY certs/ /usr/local/share/ca-certificates/
RUN update-ca-certificates >/dev/null
DOCKERFILE
fingerprint=$(cat "$ca"/certs/* "$ca/Dockerfile" 2>/dev/null | sha256sum | cut -c1-12)
if ! have "$BASE" || [ "$($DOCKER image inspect -f '{{ index .Config.Labels "ca" }}' "$BASE")" != "$fingerprint" ]; then
  $DOCKER build --quiet --label ca="$fingerprint" -t "$BASE" "$ca" >/dev/null
  say "$BASE" "local CAs: $(ls "$ca/certs" | wc -l)"
  DRILL_REBUILD=1  # every stand-in sits on it
fi

# name:tag  ->  deploy/drill/images/<name>.Dockerfile
for image in python:3.11 postgres:15 redis:7 nginx:1.22 mailcatcher:1; do
  name=${image%%:*}
  tag=tansiq-drill/$image
  if have "$tag"; then say "$tag" "cached"; continue; fi
  start=$SECONDS
  $DOCKER build --quiet --build-arg BASE="$BASE" -t "$tag" \
    -f "deploy/drill/images/$name.Dockerfile" deploy/drill/images >/dev/null
  say "$tag" "built in $((SECONDS - start)) s"
done
