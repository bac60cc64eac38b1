import type { ContainerDriver } from '../contract/index.js';
import {
  capabilityCases,
  concurrencyCases,
  disposeCases,
  disposeRunningCases,
  engineEventsCases,
  eventsCases,
  execCases,
  execStreamCases,
  filesCases,
  healthCases,
  healthRetriesCases,
  hostOperationsCases,
  inspectCases,
  lifecycleCases,
  lifecycleEdgeCases,
  limitsCases,
  limitsRelativeCases,
  listCases,
  logsBoundsCases,
  logsCases,
  mountsNetworksCases,
  notFoundCases,
  resourcesCases,
  restartCases,
  statsCases,
  validationCases,
  workdirCases,
} from './cases/index.js';
import { CleanupTracker } from './cleanup-tracker.js';
import { createConformanceContext } from './conformance-context.js';
import type { ConformanceOptions } from './conformance-options.js';
import { afterAll, afterEach, describe, useTestRunner } from './runner/index.js';

/** Default image of test containers. */
export const DEFAULT_CONFORMANCE_IMAGE = 'busybox:latest';
/** Default jest timeout of each conformance test, in ms. */
export const DEFAULT_CONFORMANCE_TIMEOUT_MS = 30_000;

/** A driver factory: called once for the suite, and again by tests that need a fresh driver. */
export type DriverFactory = () => ContainerDriver | Promise<ContainerDriver>;

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown }).then === 'function';
}

/**
 * Defines one jest suite of contract tests for a {@link ContainerDriver}: lifecycle, not-found, listing,
 * validation, logs, exec, execStream, files, stats, events, health, volumes, networks, resource limits
 * (echoed and enforced), images, ports, concurrency and dispose. Groups the driver's `capabilities` declare unsupported are not defined, and
 * the reason is printed with `console.info`.
 *
 * The factory is called once while the suite is defined (the kit needs `capabilities` to decide what
 * runs). With a synchronous factory the suite is defined before this returns; with an asynchronous one,
 * `await` the call at the top level of the (ESM) spec file.
 *
 * @example
 * ```ts
 * // packages/driver-mock/src/mock-driver.conformance.spec.ts
 * import { runDriverConformance } from '@berth/core/testing';
 * runDriverConformance('mock', () => new MockDriver());
 *
 * // an async factory: await it
 * await runDriverConformance('docker', async () => DockerDriver.connect(), { image: 'berth/busybox:latest' });
 * ```
 */
export function runDriverConformance(
  name: string,
  makeDriver: DriverFactory,
  options: ConformanceOptions = {},
): Promise<void> {
  if (options.runner !== undefined) useTestRunner(options.runner);
  const made = makeDriver();
  if (isPromiseLike(made))
    return Promise.resolve(made).then((driver) => defineSuite(name, driver, makeDriver, options));
  defineSuite(name, made, makeDriver, options);
  return Promise.resolve();
}

function defineSuite(
  name: string,
  driver: ContainerDriver,
  makeDriver: DriverFactory,
  options: ConformanceOptions,
): void {
  describe(`${name} driver conformance`, () => {
    const tracker = new CleanupTracker();
    const ctx = createConformanceContext({
      name,
      driver,
      makeDriver,
      tracker,
      image: options.image ?? DEFAULT_CONFORMANCE_IMAGE,
      labels: options.labels ?? {},
      timeoutMs: options.timeoutMs ?? DEFAULT_CONFORMANCE_TIMEOUT_MS,
    });

    afterEach(() => tracker.release(driver), ctx.timeoutMs);

    afterAll(async () => {
      // Safety net: anything carrying this run's label that a test failed to track.
      const leftovers = await driver.listContainers({ labels: ctx.labels });
      await Promise.allSettled(leftovers.map((c) => driver.removeContainer(c.id, { force: true })));
      await driver.dispose();
    }, ctx.timeoutMs);

    lifecycleCases(ctx);
    lifecycleEdgeCases(ctx);
    restartCases(ctx);
    notFoundCases(ctx);
    listCases(ctx);
    validationCases(ctx);
    logsCases(ctx);
    logsBoundsCases(ctx);
    execCases(ctx);
    execStreamCases(ctx);
    filesCases(ctx);
    workdirCases(ctx);
    statsCases(ctx);
    eventsCases(ctx);
    engineEventsCases(ctx);
    healthCases(ctx);
    healthRetriesCases(ctx);
    resourcesCases(ctx);
    hostOperationsCases(ctx);
    inspectCases(ctx);
    limitsCases(ctx);
    limitsRelativeCases(ctx);
    mountsNetworksCases(ctx);
    capabilityCases(ctx);
    concurrencyCases(ctx);
    disposeCases(ctx);
    disposeRunningCases(ctx);
    options.additionalTests?.(ctx);
  });
}
