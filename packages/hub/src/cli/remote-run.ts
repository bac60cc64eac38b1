import { randomUUID } from 'node:crypto';
import { CliExit, EXIT } from './exit-codes.js';
import { type HubTarget, request, withHub } from './hub-remote.js';
import { printJson } from './output.js';

/** What `berth run --hub` runs (the run command's parsed work). */
export type RemoteWork =
  | { kind: 'code'; language: 'python' | 'javascript' | 'bash' | 'typescript'; code: string }
  | { kind: 'command'; command: string[] };

/**
 * `berth run --hub URL`: asks the hub (operator token in `BERTH_HUB_TOKEN`) for a session, runs the code
 * there (a command runs as a bash script of its quoted words), prints its output and exit code, and removes
 * the session's container. Output is the hub's `codeResult` (at most 256 KiB per stream), printed when the
 * program ends.
 *
 * @throws CliExit (usage) for a language the hub does not run; the hub's errors as Berth errors
 *   (`BERTH_HUB_FORBIDDEN` without the operator token).
 */
export async function runOnHub(
  target: HubTarget,
  work: RemoteWork,
  image: string | undefined,
  json: boolean,
): Promise<void> {
  const language = work.kind === 'command' ? 'bash' : work.language;
  if (language === 'typescript') throw new CliExit(EXIT.usage, 'the hub runs python, javascript and bash');
  const code = work.kind === 'command' ? work.command.map(shellQuote).join(' ') : work.code;
  await withHub(target, async (hub) => {
    const created = await request(
      hub,
      { type: 'createSession', language, requestId: randomUUID(), ...(image === undefined ? {} : { image }) },
      'sessionCreated',
    );
    const session = created.data.session as { id: string; containerId: string };
    try {
      const result = await request(
        hub,
        { type: 'executeCode', sessionId: session.id, language, code, requestId: randomUUID() },
        'codeResult',
      );
      const r = result.data;
      if (json) {
        printJson({
          sessionId: session.id,
          exitCode: r.exitCode,
          stdout: r.stdout,
          stderr: r.stderr,
          durationMs: r.durationMs,
          timedOut: r.timedOut,
        });
      } else {
        process.stdout.write(r.stdout);
        process.stderr.write(r.stderr);
        process.stderr.write(`berth: exit code ${r.exitCode}\n`);
      }
      process.exitCode = r.exitCode;
    } finally {
      // The protocol has no "end session": removing its container ends it (the manager reaps the session).
      await request(
        hub,
        { type: 'containerAction', containerID: session.containerId, action: 'remove', requestId: randomUUID() },
        'actionDone',
        60_000,
      ).catch(() => undefined);
    }
  });
}

/** Quotes one word for bash (`'…'`, with `'` as `'\''`). */
function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
