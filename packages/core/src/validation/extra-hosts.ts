import { z } from 'zod';

/** The special address of an `extraHosts` entry that Docker (20.10+) replaces with the host's gateway address. */
export const HOST_GATEWAY = 'host-gateway';

/** Host names of `extraHosts`: letters, digits, `.`, `_`, `-`, alphanumeric at both ends, at most 253 characters. */
export const EXTRA_HOST_NAME_PATTERN = /^[a-zA-Z0-9](?:[a-zA-Z0-9._-]{0,251}[a-zA-Z0-9])?$/;

const ipv4 = z.ipv4();
const ipv6 = z.ipv6();

/** One parsed `extraHosts` entry: the name, and an IPv4/IPv6 address or {@link HOST_GATEWAY}. */
export interface ExtraHost {
  /** Host name the container resolves. */
  host: string;
  /** What it resolves to: an IP address, or `host-gateway`. */
  address: string;
}

/**
 * Parses a Docker `--add-host` entry, `name:address` (split at the first `:`, as Docker does, so an IPv6 address
 * keeps its colons), where `address` is an IPv4 or IPv6 address or `host-gateway`. `undefined` when it is not one.
 *
 * @example
 * ```ts
 * parseExtraHost('host.docker.internal:host-gateway'); // { host: 'host.docker.internal', address: 'host-gateway' }
 * parseExtraHost('db:10.0.0.5'); // { host: 'db', address: '10.0.0.5' }
 * parseExtraHost('db'); // undefined
 * ```
 */
export function parseExtraHost(entry: string): ExtraHost | undefined {
  const at = entry.indexOf(':');
  if (at < 0) return undefined;
  const host = entry.slice(0, at);
  const address = entry.slice(at + 1);
  if (!EXTRA_HOST_NAME_PATTERN.test(host)) return undefined;
  if (address !== HOST_GATEWAY && !ipv4.safeParse(address).success && !ipv6.safeParse(address).success) {
    return undefined;
  }
  return { host, address };
}

/** Schema of one `ContainerSpec.extraHosts` entry (see {@link parseExtraHost}). */
export const ExtraHostSchema = z
  .string({ error: 'extraHosts entries must be strings' })
  .refine((v) => parseExtraHost(v) !== undefined, {
    error: `extraHosts entries must be name:address, the address an IPv4 or IPv6 address or ${HOST_GATEWAY}`,
  });
