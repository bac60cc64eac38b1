import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';

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

/**
 * What went wrong in `r` (the results of {@link attackCommands} against `t`), as sentences; empty when the
 * container stayed confined. The loopback attack is left to the caller (it depends on the network asked for).
 */
export function confinementViolations(r: Record<string, AttackResult>, t: AttackTargets): string[] {
  const out: string[] = [];
  const failed = (name: string): boolean => r[name] !== undefined && r[name].exitCode !== 0;
  if (!failed('readSecret') || (r['readSecret']?.stdout ?? '').includes(t.secret)) {
    out.push('read a host file outside its root');
  }
  if ((r['readSecretViaInitRoot']?.stdout ?? '').includes(t.secret)) out.push('read it through /proc/1/root');
  if (/root:/.test(r['readShadow']?.stdout ?? '')) out.push("read the host's /etc/shadow");
  if (!failed('writeHostDir')) out.push('wrote into a host directory');
  if (!failed('writeUsr')) out.push("wrote into the host's /usr");
  if (r['writeTmp']?.exitCode !== 0) out.push('could not write its own /tmp');
  const procs = Number(r['processCount']?.stdout.trim());
  // its own few processes: bwrap's init, the main process, the exec and its shell
  if (!(procs < 10)) out.push(`sees ${r['processCount']?.stdout.trim()} processes in /proc`);
  if (!failed('seeHostPid')) out.push('sees a host pid in /proc');
  if (!failed('killHostPid')) out.push('signalled a host process');
  return out;
}

/** A TCP service on the host's 127.0.0.1 answering `pong` to every connection. */
export async function pongServer(): Promise<{ server: Server; port: number }> {
  const server = createServer((s) => s.end('pong'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('no port');
  return { server, port: addr.port };
}

/** A host process (`sleep 300`) of user `uid`, outside every container. */
export function hostSleeper(uid: number): ChildProcess {
  return spawn('sleep', ['300'], { uid, gid: uid, stdio: 'ignore' });
}

/** `true` while host process `pid` exists. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
