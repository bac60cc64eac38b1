import { Command, InvalidArgumentError } from 'commander';
import { lastValueFrom, tap } from 'rxjs';
import { type GlobalOptions, resolveContainer } from '../cli-context.js';
import { withInterruptibleDriver } from '../with-interruptible-driver.js';

interface LogsOptions {
  follow?: boolean;
  tail?: number;
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
    .action(async (id: string, options: LogsOptions) => {
      const g = globals();
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
