import { constants } from 'node:os';

/** `128 + n` for signal name `sig` (e.g. `SIGKILL` → 137); 255 for an unknown name. */
export function exitCodeForSignal(sig: string): number {
  const n = (constants.signals as Record<string, number | undefined>)[sig];
  return n === undefined ? 255 : 128 + n;
}

/** Sends `signal` to `pid` (negative: a process group), ignoring processes that are already gone. */
export function trySignal(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}
