/** Environment variable that marks every process of one exec (inherited by its children). */
export const EXEC_MARKER_ENV = 'BERTH_EXEC_ID';

/**
 * Shell script run by a second exec to kill an exec's whole process tree. The Engine API has no
 * "kill exec", so every exec gets `BERTH_EXEC_ID=<uuid>` in its environment; children inherit it. The
 * script collects every pid whose `/proc/<pid>/environ` carries that marker, freezes them all with
 * SIGSTOP (so a parent cannot react to a child's death and exit normally in between), then sends SIGKILL.
 * Two passes catch processes forked during the first. Needs `sh`, `tr`, `grep` and `kill` in the image
 * (busybox or any distribution); works with a read-only root filesystem and without CAP_KILL, because it
 * runs as the exec's own user.
 */
export const KILL_SCRIPT = [
  'for pass in 1 2; do',
  '  pids=""',
  '  for p in /proc/[0-9]*; do',
  `    if tr '\\000' '\\n' < "$p/environ" 2>/dev/null | grep -qx "${EXEC_MARKER_ENV}=$1"; then`,
  '      pids="$pids $(basename "$p")"',
  '    fi',
  '  done',
  '  [ -n "$pids" ] || break',
  '  kill -STOP $pids 2>/dev/null',
  '  kill -KILL $pids 2>/dev/null',
  'done',
  'exit 0',
].join('\n');
