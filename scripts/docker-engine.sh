#!/usr/bin/env bash
# Installs (when missing) and starts a Docker Engine, then builds Berth's local test images.
# No image registry is needed: the images are imported from root filesystems built on this machine.
#
# Usage: bash scripts/docker-engine.sh [all|install|start|stop|restart|images|status]   (default: all)
#   all      install packages if missing, start dockerd if not running, build test images if missing
#   start    start dockerd in the background (log: $BERTH_DOCKERD_LOG) and wait for the socket
#   stop     stop the dockerd this script started (by pid file)
#   restart  stop then start (used by the driver's events$ reconnection test)
#   images   build berth/busybox:latest (+ busybox:latest) and berth/runtime:bookworm when missing
#
# Environment:
#   BERTH_DOCKERD_LOG        dockerd log file (default /var/log/berth-dockerd.log)
#   BERTH_DOCKERD_TIMEOUT    seconds to wait for the engine (default 60)
#   BERTH_SKIP_RUNTIME_IMAGE=1  skip the (slow, network-using) berth/runtime:bookworm build
#   BERTH_REBUILD_IMAGES=1   rebuild images even when the tags exist
# Idempotent: a second run with everything in place takes about a second.
set -euo pipefail

DOCKERD_LOG="${BERTH_DOCKERD_LOG:-/var/log/berth-dockerd.log}"
DOCKERD_TIMEOUT="${BERTH_DOCKERD_TIMEOUT:-60}"
DOCKERD_PIDFILE="/var/run/docker.pid"
SOCKET="/var/run/docker.sock"

log() { printf '[docker-engine] %s\n' "$*" >&2; }
die() { printf '[docker-engine] ERROR: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  command -v docker >/dev/null 2>&1 || missing+=(docker.io)
  [ -x /bin/busybox ] || missing+=(busybox-static)
  command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ] || missing+=(debootstrap)
  # `ip` for the second engine's bridge (scripts/docker-engine-second.sh)
  command -v ip >/dev/null 2>&1 || missing+=(iproute2)
  if [ "${#missing[@]}" -eq 0 ]; then
    log "packages present: docker.io busybox-static debootstrap iproute2"
    return 0
  fi
  # de-duplicate
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  log "installing missing packages: ${missing[*]} (apt-get update + install, progress below)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
}

engine_up() {
  [ -S "$SOCKET" ] && docker -H "unix://$SOCKET" version >/dev/null 2>&1
}

wait_for_engine() {
  local deadline=$((SECONDS + DOCKERD_TIMEOUT))
  log "waiting up to ${DOCKERD_TIMEOUT}s for $SOCKET"
  until engine_up; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "last 40 lines of $DOCKERD_LOG:"
      tail -n 40 "$DOCKERD_LOG" >&2 || true
      die "Docker Engine did not answer on $SOCKET within ${DOCKERD_TIMEOUT}s (see $DOCKERD_LOG)"
    fi
    sleep 0.5
  done
  log "engine ready: $(docker version --format 'server {{.Server.Version}} (API {{.Server.APIVersion}})')"
}

start_engine() {
  if engine_up; then
    log "engine already running on $SOCKET"
    return 0
  fi
  command -v dockerd >/dev/null 2>&1 || die "dockerd not found; run '$0 install' first"
  # a stale pid file from a killed daemon makes dockerd refuse to start
  if [ -f "$DOCKERD_PIDFILE" ] && ! kill -0 "$(cat "$DOCKERD_PIDFILE")" 2>/dev/null; then
    rm -f "$DOCKERD_PIDFILE"
  fi
  if [ -f "$DOCKERD_PIDFILE" ]; then
    log "dockerd (pid $(cat "$DOCKERD_PIDFILE")) is starting; waiting for it"
  else
    log "starting dockerd (log: $DOCKERD_LOG)"
    mkdir -p "$(dirname "$DOCKERD_LOG")"
    # setsid: the daemon survives the shell (and the CI step) that started it
    as_root setsid dockerd --pidfile "$DOCKERD_PIDFILE" -H "unix://$SOCKET" >>"$DOCKERD_LOG" 2>&1 </dev/null &
  fi
  wait_for_engine
}

stop_engine() {
  if [ ! -f "$DOCKERD_PIDFILE" ]; then
    log "no $DOCKERD_PIDFILE: dockerd not started by this script"
    return 0
  fi
  local pid
  pid="$(cat "$DOCKERD_PIDFILE")"
  log "stopping dockerd (pid $pid)"
  as_root kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "dockerd did not exit in 30s; killing"
      as_root kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  rm -f "$DOCKERD_PIDFILE"
}

image_exists() {
  docker image inspect "$1" >/dev/null 2>&1
}

# busybox rootfs: /bin/busybox plus one symlink per applet (not the `busybox` applet itself: its link would
# overwrite the binary), imported as a single-layer image with PATH=/bin and CMD ["sh"] (like Docker Hub's).
# Bump when the image's content changes: a present tag with another version is rebuilt.
BUSYBOX_IMAGE_VERSION=3

build_busybox_image() {
  local have
  have="$(docker image inspect --format '{{ index .Config.Labels "berth.image.version" }}' berth/busybox:latest 2>/dev/null || true)"
  if [ "$have" = "$BUSYBOX_IMAGE_VERSION" ] && [ "${BERTH_REBUILD_IMAGES:-0}" != 1 ]; then
    log "berth/busybox:latest present"
  else
    [ -x /bin/busybox ] || die "/bin/busybox missing (apt-get install busybox-static)"
    local dir
    dir="$(mktemp -d /tmp/berth-busybox-rootfs.XXXXXX)"
    mkdir -p "$dir/bin" "$dir/tmp" "$dir/etc" "$dir/root" "$dir/home" "$dir/var" "$dir/proc" "$dir/sys" "$dir/dev"
    chmod 1777 "$dir/tmp"
    cp /bin/busybox "$dir/bin/busybox"
    local applet count=0
    for applet in $(/bin/busybox --list); do
      [ "$applet" = busybox ] && continue
      ln -sf busybox "$dir/bin/$applet"
      count=$((count + 1))
    done
    # Debian's busybox-static has no printenv applet; the conformance kit's vocabulary uses it
    if [ ! -e "$dir/bin/printenv" ]; then
      cat >"$dir/bin/printenv" <<'SH'
#!/bin/sh
# printenv [NAME...]: print the environment, or the value of each NAME (exit 1 if one is unset)
[ "$#" -eq 0 ] && exec env
rc=0
for name in "$@"; do
  case "$name" in
    ''|[0-9]*|*[!A-Za-z0-9_]*) rc=1; continue ;;
  esac
  if eval "[ \"\${$name+set}\" = set ]"; then eval "printf '%s\\n' \"\$$name\""; else rc=1; fi
done
exit "$rc"
SH
      chmod 0755 "$dir/bin/printenv"
    fi
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n' >"$dir/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$dir/etc/group"
    log "importing berth/busybox:latest ($count applets)"
    tar -C "$dir" -c . | docker import --change 'ENV PATH=/bin' --change 'CMD ["sh"]' \
      --change "LABEL berth.image.version=$BUSYBOX_IMAGE_VERSION" - berth/busybox:latest >/dev/null
    rm -rf "$dir"
  fi
  docker tag berth/busybox:latest busybox:latest
  log "busybox:latest -> berth/busybox:latest"
}

apt_mirror() {
  local url
  url="$(grep -hoE '^(URIs:|deb) +[^ ]*https?://[^ ]*debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null \
    | grep -v security | head -n1 | grep -oE 'https?://[^ ]+' || true)"
  printf '%s' "${url:-http://deb.debian.org/debian}"
}

# The default session image: Debian bookworm minbase with a complete Python 3 (full standard library, pip,
# venv), Node.js and the CLI tools an agent reaches for (git, curl, ca-certificates).
# Bump when the package list changes: a present tag with another version is rebuilt.
RUNTIME_IMAGE_VERSION=2
RUNTIME_PACKAGES=python3,python3-pip,python3-venv,nodejs,git,curl,ca-certificates
# What agent code imports every day; the build fails when one is missing (python3-minimal lacked most).
RUNTIME_PYTHON_CHECK='import json, sqlite3, http.client, ssl, urllib.request, venv, ensurepip'

build_runtime_image() {
  if [ "${BERTH_SKIP_RUNTIME_IMAGE:-0}" = 1 ]; then
    log "BERTH_SKIP_RUNTIME_IMAGE=1: skipping berth/runtime:bookworm"
    return 0
  fi
  local have
  have="$(docker image inspect --format '{{ index .Config.Labels "berth.image.version" }}' berth/runtime:bookworm 2>/dev/null || true)"
  if [ "$have" = "$RUNTIME_IMAGE_VERSION" ] && [ "${BERTH_REBUILD_IMAGES:-0}" != 1 ]; then
    log "berth/runtime:bookworm present (version $have)"
    return 0
  fi
  command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ] || die "debootstrap missing"
  local dir mirror started
  started=$SECONDS
  dir="$(mktemp -d /tmp/berth-runtime-rootfs.XXXXXX)"
  mirror="$(apt_mirror)"
  log "debootstrap bookworm (minbase + $RUNTIME_PACKAGES) from $mirror into $dir (2-4 min)"
  if ! as_root debootstrap --variant=minbase --include="$RUNTIME_PACKAGES" bookworm "$dir" "$mirror" 2>&1 \
    | while IFS= read -r line; do printf '[debootstrap] %s\n' "$line" >&2; done; then
    rm -rf "$dir"
    die "debootstrap failed"
  fi
  local tool
  for tool in python3 pip3 node git curl; do
    [ -x "$dir/usr/bin/$tool" ] || { rm -rf "$dir"; die "debootstrap finished but $tool is missing in $dir"; }
  done
  if ! as_root chroot "$dir" /usr/bin/python3 -c "$RUNTIME_PYTHON_CHECK"; then
    rm -rf "$dir"
    die "the runtime image's python3 cannot run: $RUNTIME_PYTHON_CHECK"
  fi
  rm -rf "$dir/var/cache/apt/archives/"*.deb "$dir/var/lib/apt/lists/"*
  log "importing berth/runtime:bookworm ($(du -sh "$dir" | cut -f1) rootfs)"
  tar -C "$dir" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "LABEL berth.image.version=$RUNTIME_IMAGE_VERSION" \
    - berth/runtime:bookworm >/dev/null
  rm -rf "$dir"
  log "berth/runtime:bookworm built in $((SECONDS - started)) s ($(docker image inspect --format '{{ .Size }}' berth/runtime:bookworm | awk '{ printf "%.0f MB", $1 / 1e6 }'))"
}

build_images() {
  engine_up || die "engine not running on $SOCKET; run '$0 start' first"
  build_busybox_image
  build_runtime_image
}

main() {
  local cmd="${1:-all}"
  case "$cmd" in
    all) install_packages; start_engine; build_images ;;
    install) install_packages ;;
    start) start_engine ;;
    stop) stop_engine ;;
    restart) stop_engine; start_engine ;;
    images) build_images ;;
    status) if engine_up; then log "running"; else log "not running"; exit 1; fi ;;
    *) die "unknown command '$cmd' (all|install|start|stop|restart|images|status)" ;;
  esac
}

main "$@"
