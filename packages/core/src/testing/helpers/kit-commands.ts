/**
 * The kit's command vocabulary: portable commands every driver's containers can run (busybox `sh`, a host
 * `sh` with coreutils, and the mock driver's mini shell, which emulates exactly these). A custom driver
 * with its own shell must support them too.
 *
 * `sleep`, `echo [-n]`, `true`, `false`, `pwd`, `printenv`, `cat`, `seq`, `sh -c`, `exit`, `trap`,
 * `test -f|-x …`, `stat -c %a`, `ln -s`, `touch`, pipelines (`a | b`), `&&`, `;`, and the resource hogs
 * below (`dd`, `md5sum /dev/zero`).
 */

/** Seconds a {@link termHandler} script lives when not stopped. */
const TERM_HANDLER_SECONDS = 60;

/**
 * A main process that handles SIGTERM itself: prints `ready` once its trap is set, and on SIGTERM prints
 * `bye` and exits with `code`. It sleeps in 1-second steps, so a shell that is PID 1 (which runs the trap
 * only after the current foreground command) still reacts within about a second.
 */
export function termHandler(code: number): string[] {
  const steps = Array.from({ length: TERM_HANDLER_SECONDS }, () => 'sleep 1').join('; ');
  return ['sh', '-c', `trap 'echo bye; exit ${code}' TERM; echo ready; ${steps}`];
}

/** A main process that ignores SIGTERM (only SIGKILL ends it); prints `trapped` once the trap is set. */
export const IGNORES_TERM: readonly string[] = ['sh', '-c', "trap '' TERM; echo trapped; sleep 60"];

/** Allocates (and touches) one `mb` MiB buffer, then exits 0: OOM-killed under a smaller memory limit. */
export function memoryHog(mb: number): string[] {
  return ['dd', 'if=/dev/zero', 'of=/dev/null', `bs=${mb}M`, 'count=1'];
}

/** Writes `mb` MiB of zeros to `file`: fails (`No space left on device`) under a smaller disk limit. */
export function diskFiller(file: string, mb: number): string[] {
  return ['dd', 'if=/dev/zero', `of=${file}`, 'bs=1M', `count=${mb}`];
}

/** Keeps one core busy until killed. */
export const CPU_BURNER: readonly string[] = ['md5sum', '/dev/zero'];

/**
 * The fork bomb stand-in: a pipeline of `processes` `sleep 2` stages, all alive at once. Under a smaller
 * pids limit the shell cannot fork them all and exits non-zero; without one it exits 0 after 2 s.
 */
export function forkBomb(processes: number): string[] {
  return ['sh', '-c', Array.from({ length: processes }, () => 'sleep 2').join(' | ')];
}
