import type { HubClient } from '../client/index.js';
import type { ServerMessage } from '../protocol/index.js';
import { findRemoteContainer } from './hub-remote.js';

/** What {@link followRemote} subscribes to: a container the hub found, or an id only producers feed. */
export interface RemoteChannel {
  containerID: string;
  hostId?: string;
}

/**
 * Resolves an id (container id, prefix, name or session id) to the channel to follow on the hub; an id the hub
 * does not list is followed as is (a producer-only channel: the hub waits for its producer).
 */
export async function remoteChannel(hub: HubClient, id: string): Promise<RemoteChannel> {
  const found = await findRemoteContainer(hub, id);
  return found === undefined ? { containerID: id } : { containerID: found.id, hostId: found.hostId };
}

/**
 * Subscribes to a channel and hands every message to `onMessage` until the channel ends (`complete`), the
 * hub reports an `error` for it, `onMessage` returns `'stop'`, or the connection closes.
 *
 * @returns how it ended: `complete`, `error` (with the error message), `stopped` or `closed`.
 */
export function followRemote(
  hub: HubClient,
  channel: RemoteChannel,
  options: { since?: number; stats?: boolean },
  onMessage: (m: ServerMessage) => 'stop' | undefined,
): Promise<{ end: 'complete' | 'stopped' | 'closed' } | { end: 'error'; error: Record<string, unknown> }> {
  return new Promise((resolve) => {
    const off = hub.onMessage((m) => {
      if (m.type === 'complete') {
        off();
        resolve({ end: 'complete' });
      } else if (m.type === 'error') {
        off();
        resolve({ end: 'error', error: m.data as Record<string, unknown> });
      } else if (onMessage(m) === 'stop') {
        off();
        resolve({ end: 'stopped' });
      }
    });
    void hub.closed.then(() => {
      off();
      resolve({ end: 'closed' });
    });
    hub.send({
      type: 'subscribe',
      containerID: channel.containerID,
      ...(channel.hostId === undefined ? {} : { hostId: channel.hostId }),
      ...(options.since === undefined ? {} : { since: options.since }),
      ...(options.stats === undefined ? {} : { stats: options.stats }),
    });
  });
}
