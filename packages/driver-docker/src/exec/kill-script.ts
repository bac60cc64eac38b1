/** Environment variable that marks every process of one exec (inherited by its children). */
export const EXEC_MARKER_ENV = 'BERTH_EXEC_ID';

/**
 * Shell script run by a second exec to kill an exec's whole process tree. The Engine API has no
 * "kill exec", so every exec gets `BERTH_EXEC_ID=<uuid>` in its environment; children inherit it. The
 * script scans `/proc/<pid>/environ` for that marker and sends SIGKILL to every match (twice, to catch
 * processes forked during the first pass). Needs `sh`, `tr`, `grep` and `kill` in the image (busybox or
 * any distribution); works with a read-only root filesystem and without CAP_KILL, because it runs as
 * the exec's own user.
 */
export const KILL_SCRIPT = [
  'for pass in 1 2; do',
  '  for p in /proc/[0-9]*; do',
  `    if tr '\\000' '\\n' < "$p/environ" 2>/dev/null | grep -qx "${EXEC_MARKER_ENV}=$1"; then`,
  '      kill -KILL "$(basename "$p")" 2>/dev/null',
  '    fi',
  '  done',
  'done',
  'exit 0',
].join('\n');
