import { join } from 'node:path';
import { type ContainerSpec, HOST_GATEWAY, parseExtraHost, ValidationError } from '@berth/core';
import type { SandboxMount } from '../sandbox/sandbox-args.js';
import type { StateLayout } from '../state/state-layout.js';

/** What `host-gateway` is in a local container that shares the host's network (`network: 'host'`). */
export const LOCAL_HOST_GATEWAY = '127.0.0.1';

/** Where a container's own hosts file lives on the host, beside its record (bound read-only as `/etc/hosts`). */
export function etcHostsPath(layout: StateLayout, id: string): string {
  return join(layout.containerDir(id), 'hosts');
}

/**
 * Refuses `spec.extraHosts` the local driver cannot honour, with a `ValidationError` naming the field:
 * - unsandboxed (isolation `'none'`), at `extraHosts`: its processes read the host's own `/etc/hosts`, which the
 *   driver does not change;
 * - sandboxed without `network: 'host'`, at `extraHosts.N` for each `host-gateway` entry: such a container has only
 *   a loopback of its own, so no address of it reaches the host.
 *
 * Nothing to check when there are no entries.
 */
export function checkLocalExtraHosts(spec: ContainerSpec, sandboxed: boolean): void {
  const entries = spec.extraHosts ?? [];
  if (entries.length === 0) return;
  const fail = (path: string, message: string): never => {
    throw new ValidationError([{ path, message }], { operation: 'createContainer' }, 'container spec');
  };
  if (!sandboxed) {
    fail(
      'extraHosts',
      "the local driver without a sandbox (isolation 'none') cannot give a container its own /etc/hosts: its processes read the host's",
    );
  }
  if (spec.network === 'host') return;
  for (const [i, entry] of entries.entries()) {
    if (parseExtraHost(entry)?.address === HOST_GATEWAY) {
      fail(
        `extraHosts.${i}`,
        `${HOST_GATEWAY}: a local container without network 'host' has only its own loopback, so no address reaches the host; use network: 'host' (then ${HOST_GATEWAY} is ${LOCAL_HOST_GATEWAY})`,
      );
    }
  }
}

/**
 * The `/etc/hosts` of a sandboxed local container with `extraHosts`, as Docker writes one: localhost lines, its
 * hostname on `127.0.1.1`, then one `address\tname` line per entry (`host-gateway` → {@link LOCAL_HOST_GATEWAY},
 * which {@link checkLocalExtraHosts} allows only with the host's network).
 */
export function localEtcHosts(spec: ContainerSpec, hostname: string): string {
  const lines = ['127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback', `127.0.1.1\t${hostname}`];
  for (const entry of spec.extraHosts ?? []) {
    const parsed = parseExtraHost(entry);
    if (parsed === undefined) continue; // validated before: never here
    lines.push(`${parsed.address === HOST_GATEWAY ? LOCAL_HOST_GATEWAY : parsed.address}\t${parsed.host}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The read-only bind of the container's own hosts file over `/etc/hosts` in its sandbox, when its spec has
 * `extraHosts` (written at creation, see {@link etcHostsPath}); none otherwise (the host's `/etc/hosts` is seen).
 */
export function etcHostsMounts(layout: StateLayout, id: string, spec: ContainerSpec): SandboxMount[] {
  if ((spec.extraHosts ?? []).length === 0) return [];
  return [{ source: etcHostsPath(layout, id), target: '/etc/hosts', readOnly: true }];
}
