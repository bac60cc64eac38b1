import type { StatsSample } from '@berth/core';
import type Docker from 'dockerode';
import { Observable } from 'rxjs';
import { engineStatus, mapDockerError } from '../errors/map-docker-error.js';
import { computeStats } from './compute-stats.js';
import type { DockerStatsPayload } from './docker-stats-payload.js';
import { JsonObjectSplitter } from './json-object-splitter.js';

/** One sample: `GET /containers/{id}/stats?stream=false` (the engine fills `precpu_stats`, so CPU % is real). */
export async function containerStats(container: Docker.Container): Promise<StatsSample> {
  try {
    const payload = (await container.stats({ stream: false })) as unknown as DockerStatsPayload;
    return computeStats(container.id, payload);
  } catch (err) {
    throw mapDockerError(err, { operation: 'getStats', id: container.id });
  }
}

/**
 * Samples from ONE streaming request (`stats?stream=true`): the engine writes a JSON document about once a
 * second; documents are split out of the byte stream and converted with {@link computeStats}. With
 * `intervalMs` above the engine's period, samples closer than `intervalMs` to the last one emitted are
 * dropped. Completes when the container stops (the engine then sends empty documents) or is removed (the
 * engine ends the stream); unsubscribing destroys the socket.
 */
export function containerStats$(container: Docker.Container, intervalMs = 1000): Observable<StatsSample> {
  return new Observable<StatsSample>((subscriber) => {
    let closed = false;
    let stream: NodeJS.ReadableStream | undefined;
    let lastEmitted = 0;
    const run = async (): Promise<void> => {
      stream = (await container.stats({ stream: true })) as unknown as NodeJS.ReadableStream;
      if (closed) {
        (stream as { destroy?: () => void }).destroy?.();
        return;
      }
      const splitter = new JsonObjectSplitter();
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        for (const obj of splitter.push(chunk)) {
          if (closed) return;
          const payload = obj as DockerStatsPayload;
          // Once the container stops, the engine keeps writing empty documents (read time zero): the end.
          if (isStoppedPayload(payload)) {
            subscriber.complete();
            return;
          }
          const sample = computeStats(container.id, payload);
          const now = Date.now();
          // 50 ms slack: the engine's ticks jitter around its 1 s period
          if (lastEmitted !== 0 && now - lastEmitted < intervalMs - 50) continue;
          lastEmitted = now;
          subscriber.next(sample);
        }
      }
      if (!closed) subscriber.complete();
    };
    run()
      .catch((err: unknown) => {
        if (closed) return;
        // Removed while streaming: the end of its stats, not a failure.
        if (lastEmitted !== 0 && engineStatus(err) === 404) subscriber.complete();
        else subscriber.error(mapDockerError(err, { operation: 'stats$', id: container.id }));
      })
      .finally(() => (stream as { destroy?: () => void } | undefined)?.destroy?.());
    return () => {
      closed = true;
      (stream as { destroy?: () => void } | undefined)?.destroy?.();
    };
  });
}

/** The engine's zero time, in `read` of a document about a container that is not running. */
const ZERO_TIME = '0001-01-01T00:00:00Z';

/** `true` for the empty document the engine streams once the container has stopped. */
export function isStoppedPayload(payload: DockerStatsPayload): boolean {
  return payload.read === undefined || payload.read === ZERO_TIME;
}
