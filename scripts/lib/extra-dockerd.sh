#!/usr/bin/env bash
# Shared by scripts/docker-engine-second.sh and scripts/swarm-up.sh / swarm-down.sh: start and stop an extra
# dockerd beside the first one. Each extra daemon has its own socket, data root, exec root, pid file and bridge,
# and leaves iptables alone — started on the default bridge it would fight the first daemon over docker0.
# Source it; the callers set `log` and `die`.

# extra_dockerd_start SOCK DATA_ROOT EXEC_ROOT PIDFILE BRIDGE BRIDGE_CIDR LOG_FILE TIMEOUT_S
extra_dockerd_start() {
  local sock="$1" data_root="$2" exec_root="$3" pidfile="$4" bridge="$5" cidr="$6" log_file="$7" timeout="$8"
  if ! ip link show "$bridge" >/dev/null 2>&1; then
    ip link add "$bridge" type bridge
    ip addr add "$cidr" dev "$bridge"
  fi
  ip link set "$bridge" up
  mkdir -p "$data_root" "$exec_root"
  if [ -f "$pidfile" ] && ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then rm -f "$pidfile"; fi
  log "starting dockerd on $sock (log: $log_file)"
  setsid dockerd -H "unix://$sock" --data-root "$data_root" --exec-root "$exec_root" --pidfile "$pidfile" \
    --bridge "$bridge" --iptables=false --ip-masq=false >>"$log_file" 2>&1 </dev/null &
  local deadline=$((SECONDS + timeout))
  until [ -S "$sock" ] && docker -H "unix://$sock" version >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail -n 30 "$log_file" >&2 || true
      die "dockerd did not answer on $sock within ${timeout}s (see $log_file)"
    fi
    sleep 0.5
  done
  log "dockerd on $sock ready"
}

# extra_dockerd_stop PIDFILE [SIGNAL]   (TERM by default; KILL after 30 s)
extra_dockerd_stop() {
  local pidfile="$1" sig="${2:-TERM}"
  [ -f "$pidfile" ] || { log "not running (no $pidfile)"; return 0; }
  local pid
  pid="$(cat "$pidfile")"
  log "stopping dockerd (pid $pid, SIG$sig)"
  kill "-$sig" "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then kill -KILL "$pid" 2>/dev/null || true; break; fi
    sleep 0.2
  done
  rm -f "$pidfile"
}

# unmount_under DIR...   lazily unmounts what is left mounted under the directories (overlay layers, shm, netns)
unmount_under() {
  local m
  for m in $(awk -v a="$1" -v b="${2:-$1}" '$2 ~ "^"a || $2 ~ "^"b {print $2}' /proc/mounts | sort -r); do
    umount -l "$m" 2>/dev/null || true
  done
}
