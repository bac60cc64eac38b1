import type { DriverCapabilities, ResourceLimitCapabilities } from '../contract/index.js';
import type { ConformanceContext } from './conformance-context.js';
import { describeWhen } from './test-gate.js';

/**
 * A boolean capability, one resource limit as `resourceLimits.<name>`, or `isolation`: the driver gives
 * containers their own view of the filesystem (`capabilities.isolation` is not `'none'`), so a command
 * sees in-container absolute paths as such (with `none`, a host process sees host paths).
 */
export type CapabilityName =
  | {
      [K in keyof DriverCapabilities]-?: NonNullable<DriverCapabilities[K]> extends boolean ? K : never;
    }[keyof DriverCapabilities]
  | `resourceLimits.${keyof ResourceLimitCapabilities}`
  | 'isolation';

/** `true` when the driver declares the capability. */
export function hasCapability(capabilities: DriverCapabilities, name: CapabilityName): boolean {
  if (name === 'isolation') return capabilities.isolation !== 'none';
  if (name.startsWith('resourceLimits.')) {
    const limit = name.slice('resourceLimits.'.length) as keyof ResourceLimitCapabilities;
    return capabilities.resourceLimits[limit] === true;
  }
  return capabilities[name as Exclude<CapabilityName, `resourceLimits.${string}` | 'isolation'>] === true;
}

/** The reason a group is skipped, or `null` when every required capability is declared. */
export function skipReason(capabilities: DriverCapabilities, requires: readonly CapabilityName[]): string | null {
  const missing = requires.filter((name) => !hasCapability(capabilities, name));
  if (missing.length === 0) return null;
  const declared = missing.map((name) =>
    name === 'isolation' ? `capabilities.isolation = '${capabilities.isolation}'` : `capabilities.${name} = false`,
  );
  return `driver declares ${declared.join(', ')}`;
}

/**
 * `describe(title, body)` when the driver declares every capability in `requires`; otherwise the group holds
 * one skipped test naming the reason (so the report says what was not checked, and why), which is also printed
 * once with `console.info`. A thin wrapper over {@link describeWhen}.
 */
export function describeWith(
  ctx: ConformanceContext,
  title: string,
  requires: readonly CapabilityName[],
  body: () => void,
): void {
  describeWhen(skipReason(ctx.capabilities, requires), title, body, {
    logPrefix: `[berth conformance] ${ctx.name}:`,
  });
}
