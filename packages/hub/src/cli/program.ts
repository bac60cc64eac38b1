import { Command, Option } from 'commander';
import { DRIVER_KINDS } from '../drivers/builtin-driver-kinds.js';
import type { GlobalOptions } from './cli-context.js';
import { execCommand } from './commands/exec-command.js';
import { hubCommand } from './commands/hub-command.js';
import { imagesCommand } from './commands/images-command.js';
import { logsCommand } from './commands/logs-command.js';
import { psCommand } from './commands/ps-command.js';
import { runCommand } from './commands/run-command.js';
import { statsCommand } from './commands/stats-command.js';

/** The hub package version, shown by `berth --version`. */
export const BERTH_CLI_VERSION = '0.1.0';

/**
 * Builds the `berth` command tree. Parse errors throw (exitOverride) so the caller maps them to exit 2.
 *
 * @param argv - the full argv (`process.argv`), used to tell `FILE` from `-- CMD`.
 */
export function buildProgram(argv: readonly string[]): Command {
  const program = new Command('berth')
    .description('Berth: run AI-agent sessions in containers (local processes, Docker, mock)')
    .version(BERTH_CLI_VERSION)
    .addOption(
      new Option('--driver <kind>', `driver: ${DRIVER_KINDS.join(' | ')} (ps accepts a comma list)`).env(
        'BERTH_DRIVER',
      ),
    )
    .option('--home <dir>', 'state directory of the local driver (default $BERTH_HOME or ~/.berth/local)')
    .option('--json', 'machine-readable JSON output')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 1 failure, 2 usage error, 3 not found, 4 driver unavailable, 5 timeout, 130 interrupted (Ctrl-C), 143 terminated.\n' +
        'berth run and berth exec exit with the program’s own exit code.',
    );
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  for (const sub of [
    hubCommand(globals),
    runCommand(globals, argv),
    psCommand(globals),
    logsCommand(globals),
    execCommand(globals),
    statsCommand(globals),
    imagesCommand(globals),
  ]) {
    // each command's --help lists the global options too (--json, --driver, --home), which every command takes
    program.addCommand(
      sub.exitOverride().showHelpAfterError('(add --help for usage)').configureHelp({ showGlobalOptions: true }),
    );
  }
  return program;
}
