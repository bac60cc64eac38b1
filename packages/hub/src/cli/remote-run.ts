import { randomUUID } from 'node:crypto';
import { type BerthErrorJSON, errorFromJSON } from '@berth/core';
import type { HubClient } from '../client/index.js';
import type { ClientMessage, ServerMessage } from '../protocol/index.js';
import { CliExit, EXIT } from './exit-codes.js';
import { type HubTarget, request, withHub } from './hub-remote.js';
import { reportRun } from './output.js';

/** What `berth run --hub` runs (the run command's parsed work). */
export type RemoteWork =
  | { kind: 'code'; language: 'python' | 'javascript' | 'bash' | 'typescript'; code: string }
  | { kind: 'command'; command: string[] };

/**
 * `berth run --hub URL`: asks the hub (operator token in `BERTH_HUB_TOKEN`) for a session, runs the code
 * there (a command runs as a bash script of its quoted words), streams its output lines as the session's
 * channel carries them, prints the exit code, and removes the session's container. With `--json` the output is
 * the hub's `codeResult` (exact bytes, at most 256 KiB per stream).
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
      const execute: ClientMessage = {
        type: 'executeCode',
        sessionId: session.id,
        language,
        code,
        requestId: randomUUID(),
      };
      let r: Extract<ServerMessage, { type: 'codeResult' }>['data'];
      if (json) {
        r = (await request(hub, execute, 'codeResult')).data;
      } else {
        await request(hub, { type: 'subscribe', sessionId: session.id, stats: false }, 'subscribed');
        r = await streamWhileRunning(hub, execute);
      }
      reportRun(session.id, r, json);
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

/**
 * Sends `executeCode` and prints the session channel's lines (stdout lines to stdout, stderr lines to stderr)
 * until its `codeResult`: the run's lines all reach the channel before the manager answers, and one connection's
 * frames arrive in order.
 *
 * @throws the hub's error for the request.
 */
function streamWhileRunning(
  hub: HubClient,
  execute: ClientMessage,
): Promise<Extract<ServerMessage, { type: 'codeResult' }>['data']> {
  return new Promise((resolve, reject) => {
    const off = hub.onMessage((m) => {
      if (m.type === 'log') {
        (m.data.stream === 'stdout' ? process.stdout : process.stderr).write(`${m.data.text}\n`);
      } else if (m.type === 'status' && m.data.dropped !== undefined) {
        process.stderr.write(
          `berth: the hub dropped ${m.data.dropped} output lines (this terminal reads too slowly)\n`,
        );
      } else if (m.type === 'codeResult') {
        off();
        resolve(m.data);
      } else if (m.type === 'error') {
        off();
        reject(errorFromJSON(m.data as unknown as BerthErrorJSON));
      }
    });
    void hub.closed.then(() => {
      off();
      reject(new CliExit(EXIT.unavailable, 'the hub closed the connection'));
    });
    hub.send(execute);
  });
}

/** Quotes one word for bash (`'…'`, with `'` as `'\''`). */
function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
