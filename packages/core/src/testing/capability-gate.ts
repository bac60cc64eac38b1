import { describe } from '@jest/globals';
import type { DriverCapabilities, ResourceLimitCapabilities } from '../contract/index.js';
import type { ConformanceContext } from './conformance-context.js';

/** A boolean capability, or one resource limit as `resourceLimits.<name>`. */
export type CapabilityName =
  | { [K in keyof DriverCapabilities]: DriverCapabilities[K] extends boolean ? K : never }[keyof DriverCapabilities]
  | `resourceLimits.${keyof ResourceLimitCapabilities}`;

/** `true` when the driver declares the capability. */
export function hasCapability(capabilities: DriverCapabilities, name: CapabilityName): boolean {
  if (name.startsWith('resourceLimits.')) {
    const limit = name.slice('resourceLimits.'.length) as keyof ResourceLimitCapabilities;
    return capabilities.resourceLimits[limit] === true;
  }
  return capabilities[name as Exclude<CapabilityName, `resourceLimits.${string}`>] === true;
}

/** The reason a group is skipped, or `null` when every required capability is declared. */
export function skipReason(capabilities: DriverCapabilities, requires: readonly CapabilityName[]): string | null {
  const missing = requires.filter((name) => !hasCapability(capabilities, name));
  if (missing.length === 0) return null;
  return `driver declares ${missing.map((name) => `capabilities.${name} = false`).join(', ')}`;
}

/**
 * `describe(title, body)` when the driver declares every capability in `requires`; otherwise the group is
 * not defined and the reason is printed once with `console.info`.
 */
export function describeWith(
  ctx: ConformanceContext,
  title: string,
  requires: readonly CapabilityName[],
  body: () => void,
): void {
  const reason = skipReason(ctx.capabilities, requires);
  if (reason === null) {
    describe(title, body);
    return;
  }
  console.info(`[berth conformance] ${ctx.name}: skipping "${title}" (${reason})`);
}
