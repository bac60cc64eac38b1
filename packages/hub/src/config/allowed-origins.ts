import { ValidationError } from '@berth/core';

/**
 * Normalises one browser origin (`scheme://host[:port]`, as sent in an `Origin` header): lower-case, default
 * port dropped.
 *
 * @returns the origin, or `null` when `value` is not an http(s) origin (a path, query, credentials, `null` …).
 */
export function normalizeOrigin(value: string): string | null {
  const text = value.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return null;
  if (url.pathname !== '/' || url.hostname === '') return null;
  return url.origin;
}

/**
 * Validates and normalises the origins browsers may connect from besides the hub's own.
 *
 * @param origins - origins such as `https://dash.example.com` or `http://localhost:5173`.
 * @param path - the setting's name for the error (`ALLOWED_ORIGINS`, `allowedOrigins`).
 * @returns the normalised origins, without duplicates.
 * @throws ValidationError naming every entry that is not an http(s) origin (`*` is refused: list origins).
 *
 * @example
 * ```ts
 * parseAllowedOrigins(['https://Dash.example:443']); // ['https://dash.example']
 * ```
 */
export function parseAllowedOrigins(origins: readonly string[], path = 'allowedOrigins'): string[] {
  const issues: { path: string; message: string }[] = [];
  const out = new Set<string>();
  origins.forEach((entry, i) => {
    const origin = normalizeOrigin(entry);
    if (origin === null) {
      issues.push({
        path: `${path}.${i}`,
        message: `${JSON.stringify(entry.slice(0, 100))} is not an origin like https://host[:port] (no path, no wildcard)`,
      });
    } else out.add(origin);
  });
  if (issues.length > 0) throw new ValidationError(issues, {}, 'hub configuration');
  return [...out];
}

/** Splits a comma-separated `ALLOWED_ORIGINS` value (empty entries ignored). */
export function splitOrigins(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
