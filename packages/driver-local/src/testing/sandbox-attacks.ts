/**
 * What code inside a local container tries against the host, as commands (run with `exec` or as a main
 * process), and the host-side facts each one must not change. Shared by `sandbox.int.spec.ts` (the driver as
 * root) and `test-fixtures/run-in-container.mjs` (the built driver as an unprivileged user).
 */

/** Host-side things the attacks aim at, made by the test. */
export interface AttackTargets {
  /** A host file outside the container's root that the driver's user may read on the host (not world-readable). */
  secretFile: string;
  /** Its content. */
  secret: string;
  /** A host directory outside the container's root the driver's user may write to on the host. */
  hostDir: string;
  /** Name the container writes into its `/tmp` (must not land in the host's `/tmp`). */
  tmpName: string;
  /** Pid of a host process of the driver's user, outside the container. */
  hostPid: number;
  /** Port of a TCP service on the host's 127.0.0.1 that answers `pong`. */
  port: number;
}

/** The attacks, by name: argv run inside the container. */
export function attackCommands(t: AttackTargets): Record<string, string[]> {
  return {
    readSecret: ['cat', t.secretFile],
    readSecretViaInitRoot: ['cat', `/proc/1/root${t.secretFile}`],
    readShadow: ['cat', '/etc/shadow'],
    writeHostDir: ['sh', '-c', `echo pwned > ${t.hostDir}/planted`],
    writeTmp: ['sh', '-c', `echo pwned > /tmp/${t.tmpName}`],
    writeUsr: ['sh', '-c', `echo pwned > /usr/${t.tmpName}`],
    processCount: ['sh', '-c', 'ls /proc | grep -c "^[0-9][0-9]*$"'],
    seeHostPid: ['test', '-e', `/proc/${t.hostPid}`],
    killHostPid: ['kill', '-KILL', String(t.hostPid)],
    connectLoopback: ['bash', '-c', `exec 3<>/dev/tcp/127.0.0.1/${t.port} && timeout 5 head -c 4 <&3`],
  };
}

/** Result of one attack. */
export interface AttackResult {
  /** Exit code. */
  exitCode: number;
  /** Standard output. */
  stdout: string;
}
