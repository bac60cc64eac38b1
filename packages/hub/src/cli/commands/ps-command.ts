import { BERTH_LABELS, type ContainerDriver } from '@berth/core';
import { Command } from 'commander';
import { listContainersAcross } from '../../server/index.js';
import { driverKinds, type GlobalOptions, openDriver } from '../cli-context.js';
import { hubOption, hubTarget, type RemoteContainer, request, withHub } from '../hub-remote.js';
import { formatTable, printJson, shortId } from '../output.js';

interface PsOptions {
  all?: boolean;
  hub?: string;
}

interface Listed {
  containers: RemoteContainer[];
  errors: { hostId: string; code: string; message: string }[];
}

/** `berth ps`: Berth-managed containers (and their sessions) across drivers and hosts, or those a hub serves. */
export function psCommand(globals: () => GlobalOptions): Command {
  return new Command('ps')
    .description('list Berth-managed containers and their sessions across drivers (--driver local,docker) or of a hub')
    .option('-a, --all', 'include containers Berth does not manage (no berth.managed label)')
    .addOption(hubOption())
    .action(async (options: PsOptions) => {
      const g = globals();
      const target = hubTarget(options.hub);
      if (target !== undefined) {
        await withHub(target, async (hub) => {
          const list = await request(hub, { type: 'listContainers' }, 'containerList');
          const containers = (list.data.containers as RemoteContainer[]).filter(
            (c) => options.all === true || c.labels?.[BERTH_LABELS.managed] === 'true',
          );
          print({ containers, errors: list.data.errors }, g.json === true);
        });
        return;
      }
      const kinds = driverKinds(g.driver, true);
      const drivers = new Map<string, ContainerDriver>();
      try {
        for (const kind of kinds) drivers.set(kind, await openDriver(kind, g));
        const filter = options.all === true ? {} : { labels: { [BERTH_LABELS.managed]: 'true' } };
        print(await listContainersAcross(drivers, undefined, filter), g.json === true);
      } finally {
        await Promise.all([...drivers.values()].map((d) => d.dispose().catch(() => undefined)));
      }
    });
}

function print({ containers, errors }: Listed, json: boolean): void {
  if (json) {
    printJson({ containers, errors });
  } else {
    const rows = containers.map((c) => [
      shortId(c.id),
      String(c.name ?? ''),
      c.sessionId ?? '-',
      String(c.image ?? ''),
      String(c.state ?? ''),
      String(c.status ?? ''),
      c.hostId,
      String(c.createdAt ?? ''),
    ]);
    process.stdout.write(
      `${formatTable(['CONTAINER', 'NAME', 'SESSION', 'IMAGE', 'STATE', 'STATUS', 'HOST', 'CREATED'], rows)}\n`,
    );
    for (const e of errors) process.stderr.write(`berth: host ${e.hostId}: ${e.code} ${e.message}\n`);
  }
  if (errors.length > 0 && containers.length === 0) process.exitCode = 4;
}
