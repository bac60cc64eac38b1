import { type BerthErrorJSON, errorFromJSON } from '@berth/core';
import { Command, InvalidArgumentError } from 'commander';
import { lastValueFrom, tap } from 'rxjs';
import { type GlobalOptions, resolveContainer } from '../cli-context.js';
import { CliExit, EXIT } from '../exit-codes.js';
import { type HubTarget, hubOption, hubTarget, withHub } from '../hub-remote.js';
import { followRemote, remoteChannel } from '../remote-follow.js';
import { withInterruptibleDriver } from '../with-interruptible-driver.js';

interface LogsOptions {
  follow?: boolean;
  tail?: number;
  hub?: string;
}

/** Parses a non-negative integer option. */
export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

/** `berth logs [-f] ID`: a container's (or session's) logs; stdout lines to stdout, stderr lines to stderr. */
export function logsCommand(globals: () => GlobalOptions): Command {
  return new Command('logs')
    .description('print the logs of a container (or of the container of a session id)')
    .argument('<id>', 'container id or session id')
    .option('-f, --follow', 'keep following until the container exits')
    .option('-n, --tail <lines>', 'only the last N lines', nonNegativeInt)
    .addOption(hubOption())
    .action(async (id: string, options: LogsOptions) => {
      const g = globals();
      const target = hubTarget(options.hub);
      if (target !== undefined) return followFromHub(target, id, options, g.json === true);
      await withInterruptibleDriver(g, async (driver) => {
        const container = await resolveContainer(driver, id);
        const lines$ = driver.logs$(container.id, {
          follow: options.follow === true,
          ...(options.tail === undefined ? {} : { tail: options.tail }),
        });
        await lastValueFrom(
          lines$.pipe(
            tap((line) => {
              if (g.json === true) {
                process.stdout.write(
                  `${JSON.stringify({ stream: line.stream, text: line.text, timestamp: line.timestamp.toISOString() })}\n`,
                );
              } else {
                (line.stream === 'stdout' ? process.stdout : process.stderr).write(`${line.text}\n`);
              }
            }),
          ),
          { defaultValue: undefined },
        );
      });
    });
}

/**
 * `berth logs -f --hub URL ID`: the channel's lines as the hub keeps them (its replay ring, then live) until
 * the channel completes. A hub streams, so `-f` is required and `-n` is not offered.
 */
async function followFromHub(target: HubTarget, id: string, options: LogsOptions, json: boolean): Promise<void> {
  if (options.follow !== true) throw new CliExit(EXIT.usage, 'berth logs --hub streams from the hub: add -f');
  if (options.tail !== undefined)
    throw new CliExit(EXIT.usage, '-n is not available with --hub (the hub replays what it keeps)');
  await withHub(target, async (hub) => {
    const channel = await remoteChannel(hub, id);
    const ended = await followRemote(hub, channel, { since: 0, stats: false }, (m) => {
      if (m.type !== 'log') return undefined;
      if (json) {
        process.stdout.write(
          `${JSON.stringify({ stream: m.data.stream, text: m.data.text, timestamp: m.timestamp })}\n`,
        );
      } else {
        (m.data.stream === 'stdout' ? process.stdout : process.stderr).write(`${m.data.text}\n`);
      }
      return undefined;
    });
    if (ended.end === 'error') throw errorFromJSON(ended.error as unknown as BerthErrorJSON);
    if (ended.end === 'closed') throw new CliExit(EXIT.unavailable, 'the hub closed the connection');
  });
}
