import type { ContainerDriver } from '@berth/core';
import { driverKinds, type GlobalOptions, openDriver } from './cli-context.js';
import { EXIT } from './exit-codes.js';

/**
 * Opens the command's driver (the first of `--driver`, default `local`), runs `work` with it, and disposes it
 * afterwards. Ctrl-C or SIGTERM while `work` runs disposes the driver and exits with 130 or 143, so a following
 * stream (`logs -f`, `stats`) ends cleanly.
 *
 * @param globals - the program's global options.
 * @param work - what the command does with the driver.
 */
export async function withInterruptibleDriver<T>(
  globals: GlobalOptions,
  work: (driver: ContainerDriver) => Promise<T>,
): Promise<T> {
  const [kind] = driverKinds(globals.driver, false);
  const driver = await openDriver(kind ?? 'local', globals);
  const stop = (signal: NodeJS.Signals): void => {
    void driver
      .dispose()
      .catch(() => undefined)
      .then(() => process.exit(signal === 'SIGINT' ? EXIT.interrupted : EXIT.terminated));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await work(driver);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await driver.dispose();
  }
}
