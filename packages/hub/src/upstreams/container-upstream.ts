import { type ContainerDriver, ContainerNotFoundError, type ContainerState, isBerthError } from '@berth/core';
import { Observable, Subscription } from 'rxjs';
import type { ChannelEvent } from '../channels/channel-event.js';
import type { StatusState } from '../protocol/index.js';
import { toHubError } from './to-hub-error.js';

/** Options of {@link containerUpstream}. */
export interface ContainerUpstreamOptions {
  /** Stats sampling period in ms. Default 1000. */
  statsIntervalMs?: number;
  /** How often a created container is checked for having started, in ms. Default 250. */
  startPollMs?: number;
}

/** Maps a container state to the hub's status vocabulary. */
export function statusOfState(state: ContainerState): StatusState {
  switch (state) {
    case 'created':
      return 'starting';
    case 'running':
    case 'paused':
      return 'running';
    case 'exited':
    case 'removed':
      return 'completed';
    default:
      return 'error';
  }
}

/**
 * Everything a container channel carries, from one driver: its current status, its logs (followed until the
 * container exits) and stats samples (capability `stats`); a created container is followed once it starts. When the
 * logs end the container's exit code becomes a final `completed` (exit 0) or `error` status and the stream
 * completes. Unsubscribing releases every driver stream.
 */
export function containerUpstream(
  driver: ContainerDriver,
  containerId: string,
  options: ContainerUpstreamOptions = {},
): Observable<ChannelEvent> {
  return new Observable<ChannelEvent>((subscriber) => {
    const inner = new Subscription();
    const fail = (err: unknown): void => subscriber.error(toHubError(err, containerId));
    let following = false;
    /** Follows logs (and stats) of a started container until its logs end. */
    const follow = (): void => {
      if (following || subscriber.closed) return;
      following = true;
      if (driver.capabilities.stats) {
        inner.add(
          driver.stats$(containerId, { intervalMs: options.statsIntervalMs ?? 1000 }).subscribe({
            next: (sample) => subscriber.next({ kind: 'stats', sample }),
            // Stats end with the container; the log stream decides when the channel ends.
            error: () => undefined,
          }),
        );
      }
      inner.add(
        driver.logs$(containerId, { follow: true }).subscribe({
          next: (line) => subscriber.next({ kind: 'log', line }),
          error: fail,
          complete: () => {
            driver.waitContainer(containerId).then((exit) => {
              const state: StatusState = exit.exitCode === 0 ? 'completed' : 'error';
              subscriber.next({ kind: 'status', state, exitCode: exit.exitCode });
              subscriber.complete();
            }, fail);
          },
        }),
      );
    };
    /** A created container: follow once it starts (event, else polling). */
    const awaitStart = (): void => {
      const started = (): void => {
        if (following) return;
        subscriber.next({ kind: 'status', state: 'running' });
        follow();
      };
      if (driver.capabilities.events) {
        inner.add(
          driver.events$({ containerId, types: ['started'] }).subscribe({ next: started, error: () => undefined }),
        );
      }
      // Covers a start between the first look and the event subscription, and drivers without events.
      const poll = (): void => {
        if (following || subscriber.closed) return;
        driver.getContainer(containerId).then((now) => {
          if (now === null) return fail(new ContainerNotFoundError(containerId));
          if (now.state !== 'created') return started();
          const timer = setTimeout(poll, options.startPollMs ?? 250);
          inner.add(() => clearTimeout(timer));
        }, fail);
      };
      poll();
    };
    driver.getContainer(containerId).then((instance) => {
      if (subscriber.closed) return;
      if (instance === null) {
        subscriber.error(new ContainerNotFoundError(containerId));
        return;
      }
      subscriber.next({ kind: 'status', state: statusOfState(instance.state) });
      if (instance.state === 'created') awaitStart();
      else follow();
    }, fail);
    return () => inner.unsubscribe();
  });
}

/** `true` for a not-found error of any kind. */
export function isNotFound(err: unknown): boolean {
  return isBerthError(err) && /NOT_FOUND/.test(err.code);
}
