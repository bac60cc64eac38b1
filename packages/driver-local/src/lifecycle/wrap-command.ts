/** Shell snippet run as `sh -c` that moves itself into each cgroup given before `--`, then execs the rest. */
const JOIN_CGROUPS = 'while [ "$1" != -- ]; do echo $$ > "$1" || exit 125; shift; done; shift; exec "$@"';

/**
 * Wraps `argv` so the process starts inside the container's cgroups (joined before the first instruction
 * of the command runs, so nothing forks outside), under `prlimit` rlimits when any are given, and with the
 * container's privileges (a `setpriv … --` prefix from `privilegeArgs`, applied last, right before `argv`).
 *
 * @param argv - the command.
 * @param procsFiles - `cgroup.procs` files to join.
 * @param prlimitArgs - e.g. `['--as=67108864']`; empty for none.
 * @param privileges - e.g. `['setpriv', '--no-new-privs', '--']`; empty for none.
 */
export function wrapCommand(
  argv: string[],
  procsFiles: string[],
  prlimitArgs: string[],
  privileges: string[] = [],
): string[] {
  const privileged = [...privileges, ...argv];
  const limited = prlimitArgs.length > 0 ? ['prlimit', ...prlimitArgs, '--', ...privileged] : privileged;
  if (procsFiles.length === 0) return limited;
  return ['/bin/sh', '-c', JOIN_CGROUPS, 'berth-init', ...procsFiles, '--', ...limited];
}
