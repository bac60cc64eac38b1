import type { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../errors/error-classes.js';
import { MAX_ISSUE_TEXT_LENGTH } from './limits.js';
import { truncateText } from './text-bounds.js';
import { boundIssues, zodIssues } from './validation-issues.js';

/**
 * Every issue of `value` under `schema`, plus those `more` finds. Input that throws while being read (a Proxy, a
 * throwing getter) is one issue, never a crash.
 */
function issuesOf(schema: z.ZodType, value: unknown, more?: (value: unknown) => ValidationIssue[]): ValidationIssue[] {
  try {
    const result = schema.safeParse(value);
    const issues = result.success ? [] : zodIssues(result.error);
    return more === undefined ? issues : issues.concat(more(value));
  } catch (err) {
    const reason = truncateText(err instanceof Error ? err.message : String(err), MAX_ISSUE_TEXT_LENGTH / 2);
    return [{ path: '', message: `could not be read: ${reason}` }];
  }
}

/**
 * Checks `value` against `schema` (and `more`); throws one `ValidationError` listing every issue (bounded, see
 * `boundIssues`), else returns `value` unchanged.
 *
 * @param what - what is checked, for the message (`container spec`).
 */
export function checkWith<T>(
  schema: z.ZodType,
  value: unknown,
  what: string,
  more?: (value: unknown) => ValidationIssue[],
): T {
  const issues = issuesOf(schema, value, more);
  if (issues.length > 0) throw new ValidationError(boundIssues(issues), {}, what);
  return value as T;
}
