/** Image used by every driver that has no entry in {@link DEFAULT_IMAGES_BY_DRIVER}: Python 3 + Node.js + sh. */
export const DEFAULT_RUNTIME_IMAGE = 'berth/runtime:bookworm';

/**
 * Default image per agent type, chosen by `driver.name`. `default` applies to every agent type without
 * its own entry. The local driver runs host processes, so its only image is `host`.
 */
export const DEFAULT_IMAGES_BY_DRIVER: Readonly<Record<string, Readonly<Record<string, string>>>> = Object.freeze({
  local: Object.freeze({ default: 'host' }),
  docker: Object.freeze({ default: DEFAULT_RUNTIME_IMAGE }),
  mock: Object.freeze({ default: DEFAULT_RUNTIME_IMAGE }),
});

/**
 * The default image map for a driver: `{ default: 'host' }` on `local`, `{ default: 'berth/runtime:bookworm' }`
 * elsewhere. Options' `images` are merged over it.
 *
 * @param driverName - `driver.name`.
 * @example
 * ```ts
 * defaultImagesFor('local'); // { default: 'host' }
 * ```
 */
export function defaultImagesFor(driverName: string): Record<string, string> {
  return { ...(DEFAULT_IMAGES_BY_DRIVER[driverName] ?? { default: DEFAULT_RUNTIME_IMAGE }) };
}
