/** The built-in driver kinds the hub and the `berth` CLI can run on (`BERTH_DRIVER`, `--driver`). */
export const DRIVER_KINDS = ['local', 'docker', 'swarm', 'mock'] as const;

/** One of {@link DRIVER_KINDS}. */
export type BuiltinDriverKind = (typeof DRIVER_KINDS)[number];

/** `true` when `value` names a built-in driver kind. */
export function isBuiltinDriverKind(value: string): value is BuiltinDriverKind {
  return (DRIVER_KINDS as readonly string[]).includes(value);
}
