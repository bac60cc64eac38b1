import type { StatsSample } from '@berth/core';
import { Command } from 'commander';
import { lastValueFrom, tap } from 'rxjs';
import { type GlobalOptions, resolveContainer } from '../cli-context.js';
import { formatBytes, formatTable, printJson, shortId } from '../output.js';
import { withInterruptibleDriver } from '../with-interruptible-driver.js';
import { nonNegativeInt } from './logs-command.js';

interface StatsOptions {
  once?: boolean;
  interval?: number;
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
    .action(async (id: string, options: StatsOptions) => {
      const g = globals();
      await withInterruptibleDriver(g, async (driver) => {
        const container = await resolveContainer(driver, id);
        const print = (s: StatsSample, first: boolean): void => {
          if (g.json === true) {
            printJson({ ...s, timestamp: s.timestamp.toISOString() });
            return;
          }
          const table = formatTable(HEADER, [row(s)]);
          if (process.stdout.isTTY === true && !first) process.stdout.write('\u001b[2A\u001b[0J');
          process.stdout.write(`${table}\n`);
        };
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
