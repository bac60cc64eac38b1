import { Command } from 'commander';
import { driverKinds, type GlobalOptions, openDriver, resolveContainer } from '../cli-context.js';
import { CliExit, EXIT } from '../exit-codes.js';
import { printJson } from '../output.js';

/** `berth exec ID -- CMD…`: runs a command in a running container, streams it, exits with its code. */
export function execCommand(globals: () => GlobalOptions): Command {
  return new Command('exec')
    .description('run a command in a running container (or session) and exit with its exit code')
    .usage('[options] ID -- CMD...')
    .argument('<id>', 'container id or session id')
    .argument('<command...>', 'command and arguments (after --)')
    .action(async (id: string, command: string[]) => {
      const g = globals();
      const [kind] = driverKinds(g.driver, false);
      if (command.length === 0) throw new CliExit(EXIT.usage, 'nothing to run after --');
      const driver = await openDriver(kind ?? 'local', g);
      try {
        const container = await resolveContainer(driver, id);
        if (g.json === true) {
          const result = await driver.exec(container.id, { command });
          printJson({ containerId: container.id, ...result });
          process.exitCode = result.exitCode;
          return;
        }
        const handle = driver.execStream(container.id, { command });
        const onSignal = (): void => {
          void handle.kill();
        };
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        handle.output$.subscribe((chunk) =>
          (chunk.stream === 'stdout' ? process.stdout : process.stderr).write(chunk.data),
        );
        const result = await handle.exit;
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        process.exitCode = result.exitCode;
      } finally {
        await driver.dispose();
      }
    });
}
