import type { ContainerSpec } from '@berth/core';

/** Network modes every engine has: never created by Berth, so never a reason to pick a host. */
const BUILT_IN_NETWORKS = new Set(['bridge', 'host', 'none', 'default']);

/** Names of the named volumes a spec mounts (`type: 'volume'`, the default), in mount order. */
export function namedVolumesOf(spec: ContainerSpec): string[] {
  return (spec.volumes ?? []).filter((v) => (v.type ?? 'volume') === 'volume').map((v) => v.source);
}

/** The user-defined network a spec joins (not `bridge`, `host`, `none`, nor `container:<id>`); else `undefined`. */
export function namedNetworkOf(spec: ContainerSpec): string | undefined {
  const network = spec.network;
  if (network === undefined || BUILT_IN_NETWORKS.has(network) || network.startsWith('container:')) return undefined;
  return network;
}
