import { BERTH_LABELS, type ContainerDriver } from '@berth/core';
import { Command } from 'commander';
import { listContainersAcross } from '../../server/index.js';
import { driverKinds, type GlobalOptions, openDriver } from '../cli-context.js';
import { formatTable, printJson, shortId } from '../output.js';

interface PsOptions {
  all?: boolean;
}

/** `berth ps`: Berth-managed containers (and their sessions) across drivers and hosts. */
export function psCommand(globals: () => GlobalOptions): Command {
  return new Command('ps')
    .description('list Berth-managed containers and their sessions across drivers (--driver local,docker)')
    .option('-a, --all', 'include containers Berth does not manage (no berth.managed label)')
    .action(async (options: PsOptions) => {
      const g = globals();
      const kinds = driverKinds(g.driver, true);
      const drivers = new Map<string, ContainerDriver>();
      try {
        for (const kind of kinds) drivers.set(kind, await openDriver(kind, g));
        const filter = options.all === true ? {} : { labels: { [BERTH_LABELS.managed]: 'true' } };
        const { containers, errors } = await listContainersAcross(drivers, undefined, filter);
        if (g.json === true) {
          printJson({ containers, errors });
        } else {
          const rows = containers.map((c) => [
            shortId(c.id),
            c.name,
            c.sessionId ?? '-',
            c.image,
            c.state,
            c.status,
            c.hostId,
            c.createdAt,
          ]);
          process.stdout.write(
            `${formatTable(['CONTAINER', 'NAME', 'SESSION', 'IMAGE', 'STATE', 'STATUS', 'HOST', 'CREATED'], rows)}\n`,
          );
          for (const e of errors) process.stderr.write(`berth: host ${e.hostId}: ${e.code} ${e.message}\n`);
        }
        if (errors.length > 0 && containers.length === 0) process.exitCode = 4;
      } finally {
        await Promise.all([...drivers.values()].map((d) => d.dispose().catch(() => undefined)));
      }
    });
}
