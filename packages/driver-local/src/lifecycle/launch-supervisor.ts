import { DriverUnavailableError } from '@berth/core';
import { execa } from '../exec/execa.js';

/** Outcome of {@link launchSupervisor}. */
export interface LaunchOutcome {
  /** Supervisor pid. */
  supervisorPid: number;
  /** Error text when the main process could not be started at all. */
  failed?: string;
}

/**
 * Starts the supervisor detached (own session, stdio not tied to the driver except a one-line ready pipe),
 * and resolves once it reports `ready <pid>` (main process spawned, `state.json` written) or `failed …`.
 * The supervisor outlives the driver; `cleanup: false` keeps execa from killing it on driver exit.
 */
export async function launchSupervisor(
  scriptPath: string,
  launchFile: string,
  containerId: string,
): Promise<LaunchOutcome> {
  const child = execa(process.execPath, [scriptPath, launchFile], {
    detached: true,
    cleanup: false,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'ignore',
    buffer: false,
    reject: false,
    extendEnv: false,
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' },
  });
  child.unref();
  const pid = child.pid;
  const line = await new Promise<string>((resolve) => {
    let text = '';
    const out = child.stdout;
    if (out === null) {
      resolve('');
      return;
    }
    const done = (): void => resolve(text);
    out.on('data', (c: Buffer) => {
      text += c.toString('utf8');
      if (text.includes('\n')) {
        out.off('end', done);
        out.destroy();
        resolve(text);
      }
    });
    out.once('end', done);
    out.once('error', done);
  });
  if (pid === undefined || line === '') {
    throw new DriverUnavailableError('The container supervisor did not start; is node available?', {
      containerId,
      operation: 'startContainer',
    });
  }
  if (line.startsWith('failed')) return { supervisorPid: pid, failed: line.slice(7).trim() };
  return { supervisorPid: pid };
}
