import type { Unsubscribable } from 'rxjs';
import type { ContainerDriver } from '../contract/index.js';
import { ContainerNotFoundError, NetworkNotFoundError, VolumeNotFoundError } from '../errors/index.js';

/**
 * Remembers what one test created (containers, volumes, networks, subscriptions, extra drivers) and
 * releases all of it afterwards, whether the test passed or not. Not-found errors are ignored: the test
 * may already have removed the thing itself.
 */
export class CleanupTracker {
  private containers = new Set<string>();
  private volumes = new Set<string>();
  private networks = new Set<string>();
  private subscriptions: Unsubscribable[] = [];
  private drivers: ContainerDriver[] = [];

  /** Tracks a container id; returns it. */
  container(id: string): string {
    this.containers.add(id);
    return id;
  }

  /** Tracks a volume name; returns it. */
  volume(name: string): string {
    this.volumes.add(name);
    return name;
  }

  /** Tracks a network id or name; returns it. */
  network(id: string): string {
    this.networks.add(id);
    return id;
  }

  /** Tracks a subscription to unsubscribe. */
  subscription(sub: Unsubscribable): void {
    this.subscriptions.push(sub);
  }

  /** Tracks an extra driver to dispose (after its containers are removed with the suite's driver). */
  driver(driver: ContainerDriver): void {
    this.drivers.push(driver);
  }

  /**
   * Unsubscribes, force-removes tracked containers, then networks and volumes (containers first: they
   * may use them), then disposes extra drivers. Collects unexpected failures and throws them together.
   */
  async release(driver: ContainerDriver): Promise<void> {
    const failures: unknown[] = [];
    for (const sub of this.subscriptions.splice(0)) sub.unsubscribe();
    const containers = [...this.containers];
    const networks = [...this.networks];
    const volumes = [...this.volumes];
    this.containers.clear();
    this.networks.clear();
    this.volumes.clear();
    await settleAll(
      containers.map((id) => attempt(() => driver.removeContainer(id, { force: true, removeVolumes: true }))),
      (err) => ContainerNotFoundError.is(err),
      failures,
    );
    await settleAll(
      networks.map((id) => attempt(() => driver.removeNetwork(id))),
      (err) => NetworkNotFoundError.is(err),
      failures,
    );
    await settleAll(
      volumes.map((name) => attempt(() => driver.removeVolume(name))),
      (err) => VolumeNotFoundError.is(err),
      failures,
    );
    await settleAll(
      this.drivers.splice(0).map((d) => attempt(() => d.dispose())),
      () => false,
      failures,
    );
    if (failures.length > 0) throw new AggregateError(failures, `cleanup failed ${failures.length} time(s)`);
  }
}

async function settleAll(work: Promise<void>[], ignore: (err: unknown) => boolean, failures: unknown[]): Promise<void> {
  for (const result of await Promise.allSettled(work)) {
    if (result.status === 'rejected' && !ignore(result.reason)) failures.push(result.reason);
  }
}

/** Runs `fn`, turning a synchronous throw into a rejection. */
function attempt(fn: () => Promise<void>): Promise<void> {
  return Promise.resolve().then(fn);
}
