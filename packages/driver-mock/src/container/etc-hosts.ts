import { type ContainerSpec, HOST_GATEWAY, parseExtraHost } from '@berth/core';

/** The mock engine's bridge gateway: what `host-gateway` resolves to, and the gateway `inspectContainer` reports. */
export const MOCK_BRIDGE_GATEWAY = '172.17.0.1';

/**
 * The `/etc/hosts` a mock container starts with, as Docker writes it: localhost lines, then one `address\tname` line
 * per `spec.extraHosts` entry (`host-gateway` → {@link MOCK_BRIDGE_GATEWAY}).
 */
export function mockEtcHosts(spec: ContainerSpec): string {
  const lines = ['127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback'];
  for (const entry of spec.extraHosts ?? []) {
    const parsed = parseExtraHost(entry);
    if (parsed === undefined) continue; // validated before: never here
    lines.push(`${parsed.address === HOST_GATEWAY ? MOCK_BRIDGE_GATEWAY : parsed.address}\t${parsed.host}`);
  }
  return `${lines.join('\n')}\n`;
}
