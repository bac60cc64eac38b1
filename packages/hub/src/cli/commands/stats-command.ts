import { type BerthErrorJSON, errorFromJSON, type StatsSample } from '@berth/core';
import { Command } from 'commander';
import { lastValueFrom, tap } from 'rxjs';
import { type GlobalOptions, resolveContainer } from '../cli-context.js';
import { CliExit, EXIT } from '../exit-codes.js';
import { type HubTarget, hubOption, hubTarget, withHub } from '../hub-remote.js';
import { formatBytes, formatTable, printJson, shortId } from '../output.js';
import { followRemote, remoteChannel } from '../remote-follow.js';
import { withInterruptibleDriver } from '../with-interruptible-driver.js';
import { nonNegativeInt } from './logs-command.js';

interface StatsOptions {
  once?: boolean;
  interval?: number;
  hub?: string;
}

const HEADER = ['CONTAINER', 'CPU %', 'MEM', 'MEM %', 'PIDS', 'NET RX/TX', 'BLOCK R/W'];

function row(s: StatsSample): string[] {
  return [
    shortId(s.containerId),
    s.cpuPercent.toFixed(1),
    `${formatBytes(s.memoryBytes)} / ${formatBytes(s.memoryLimitBytes)}`,
    s.memoryPercent.toFixed(1),
    String(s.pids),
    `${formatBytes(s.networkRxBytes)} / ${formatBytes(s.networkTxBytes)}`,
    `${formatBytes(s.blockReadBytes)} / ${formatBytes(s.blockWriteBytes)}`,
  ];
}

/** `berth stats ID`: a live resource table (redrawn on a TTY), or one sample with `--once`. */
export function statsCommand(globals: () => GlobalOptions): Command {
  return new Command('stats')
    .description('show live resource usage of a running container (Ctrl-C to stop)')
    .argument('<id>', 'container id or session id')
    .option('--once', 'print one sample and exit')
    .option('-i, --interval <ms>', 'sampling period in ms (default 1000)', nonNegativeInt)
    .addOption(hubOption())
    .action(async (id: string, options: StatsOptions) => {
      const g = globals();
      const print = (s: StatsSample, first: boolean): void => {
        if (g.json === true) {
          printJson({ ...s, timestamp: s.timestamp.toISOString() });
          return;
        }
        const table = formatTable(HEADER, [row(s)]);
        if (process.stdout.isTTY === true && !first) process.stdout.write('\u001b[2A\u001b[0J');
        process.stdout.write(`${table}\n`);
      };
      const target = hubTarget(options.hub);
      if (target !== undefined) return statsFromHub(target, id, options, print);
      await withInterruptibleDriver(g, async (driver) => {
        const container = await resolveContainer(driver, id);
        if (options.once === true) {
          print(await driver.getStats(container.id), true);
          return;
        }
        let first = true;
        await lastValueFrom(
          driver.stats$(container.id, { intervalMs: options.interval ?? 1000 }).pipe(
            tap((s) => {
              print(s, first);
              first = false;
            }),
          ),
          { defaultValue: undefined },
        );
      });
    });
}

/** `berth stats --hub URL ID`: the stats samples the hub streams for the container (at the hub's period). */
async function statsFromHub(
  target: HubTarget,
  id: string,
  options: StatsOptions,
  print: (s: StatsSample, first: boolean) => void,
): Promise<void> {
  if (options.interval !== undefined) {
    throw new CliExit(EXIT.usage, '-i is not available with --hub (the hub samples at its own period)');
  }
  await withHub(target, async (hub) => {
    const channel = await remoteChannel(hub, id);
    let first = true;
    const ended = await followRemote(hub, channel, { stats: true }, (m) => {
      if (m.type !== 'stats') return undefined;
      const sample = { ...(m.data as unknown as Omit<StatsSample, 'containerId' | 'timestamp'>) };
      print({ ...sample, containerId: channel.containerID, timestamp: new Date(m.timestamp) }, first);
      first = false;
      return options.once === true ? 'stop' : undefined;
    });
    if (ended.end === 'error') throw errorFromJSON(ended.error as unknown as BerthErrorJSON);
    if (ended.end === 'closed') throw new CliExit(EXIT.unavailable, 'the hub closed the connection');
  });
}
