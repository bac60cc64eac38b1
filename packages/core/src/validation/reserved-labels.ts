import type { z } from 'zod';
import { BERTH_LABEL_PREFIX, BERTH_LABELS, BERTH_USER_LABELS } from '../contract/labels.js';
import type { ValidationIssue } from '../errors/error-classes.js';
import { checkWith } from './check.js';
import { MAX_LABELS } from './limits.js';
import { LabelsSchema } from './string-maps.js';
import { isPlainObject } from './text-bounds.js';

/**
 * Mark on a labels map built by Berth's own layers (see {@link allowReservedLabels}). A symbol, so it never
 * crosses JSON: labels that came over a wire cannot carry it. `Symbol.for`, so two copies of `@berth/core` agree.
 */
export const RESERVED_LABELS_MARK: unique symbol = Symbol.for('berth.allowReservedLabels') as never;

const USER_LABELS: ReadonlySet<string> = new Set(Object.values(BERTH_USER_LABELS));

/** ISO-8601 instant as `Date.prototype.toISOString` writes it (offsets allowed too). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

const isoTime = (v: string): boolean => ISO_INSTANT.test(v) && !Number.isNaN(Date.parse(v));

/** True when `key` is in Berth's reserved namespace: `berth.` in any case. */
export function isReservedLabelKey(key: string): boolean {
  return key.slice(0, BERTH_LABEL_PREFIX.length).toLowerCase() === BERTH_LABEL_PREFIX;
}

/**
 * A copy of `labels` marked as built by Berth itself, so the spec validators let a spec whose `labels` it is carry
 * reserved `berth.*` labels (`berth.session`, `berth.owner`, `berth.expires`, …). For Berth's own layers, such as
 * the session manager's `buildSessionLabels`; never call it on labels a client sent. The mark is an enumerable
 * symbol: it survives `{ ...labels }` copies (a wrapping driver adding its own label) but not JSON, and
 * `Object.keys`/`Object.entries` never see it. The argument is left unmarked.
 *
 * @example
 * ```ts
 * const labels = allowReservedLabels({ [BERTH_LABELS.owner]: ownerId, [BERTH_LABELS.session]: sessionId });
 * await driver.createContainer({ image, sessionId, labels });
 * ```
 */
export function allowReservedLabels<T extends Record<string, string>>(labels: T): T {
  return { ...labels, [RESERVED_LABELS_MARK]: true };
}

/** True when `labels` was marked by {@link allowReservedLabels}. */
export function hasReservedLabelsMark(labels: unknown): boolean {
  return (
    typeof labels === 'object' && labels !== null && (labels as Record<symbol, unknown>)[RESERVED_LABELS_MARK] === true
  );
}

/** Why the value of one of core's {@link BERTH_LABELS} is malformed in marked labels, or `null`. */
function berthLabelProblem(key: string, value: string, sessionId: unknown): string | null {
  switch (key) {
    case BERTH_LABELS.managed:
      return value === 'true' ? null : `${key} must be "true"`;
    case BERTH_LABELS.session:
      if (typeof sessionId === 'string' && value !== sessionId) return `${key} must equal sessionId`;
      return value.length >= 1 && value.length <= 128 ? null : `${key} must be a session id of 1 to 128 characters`;
    case BERTH_LABELS.owner:
      return value.length > 0 ? null : `${key} must not be empty`;
    case BERTH_LABELS.created:
    case BERTH_LABELS.expires:
      return isoTime(value) ? null : `${key} must be an ISO-8601 time such as 2026-12-02T10:00:00.000Z`;
    default:
      return null;
  }
}

/**
 * The reserved-label issues of a spec's `labels` (paths `labels.<key>`): in unmarked labels, every `berth.*` key
 * but the {@link BERTH_USER_LABELS}; in labels marked by {@link allowReservedLabels}, malformed values of
 * core's {@link BERTH_LABELS} (`berth.session` must also equal the spec's `sessionId`). Size and shape are the schema's business; a map that is not a plain object, or has
 * too many keys to be valid, yields nothing here.
 */
export function reservedLabelIssues(spec: unknown, maxLabels: number): ValidationIssue[] {
  if (!isPlainObject(spec) || !isPlainObject(spec['labels'])) return [];
  const labels = spec['labels'];
  const keys = Object.keys(labels);
  if (keys.length > maxLabels) return [];
  const marked = hasReservedLabelsMark(labels);
  const issues: ValidationIssue[] = [];
  for (const key of keys) {
    if (!isReservedLabelKey(key)) continue;
    const value = labels[key];
    if (!marked) {
      if (USER_LABELS.has(key)) continue;
      issues.push({
        path: `labels.${key}`,
        message: '"berth." labels are reserved for Berth; use your own prefix (e.g. com.example.)',
      });
    } else if (typeof value === 'string') {
      const problem = berthLabelProblem(key, value, spec['sessionId']);
      if (problem !== null) issues.push({ path: `labels.${key}`, message: problem });
    }
  }
  return issues;
}

/**
 * Schema of labels a client hands to a boundary (the hub, the CLI, session options): {@link LabelsSchema} and
 * no `berth.*` key at all, not even the {@link BERTH_USER_LABELS}.
 */
export const UserLabelsSchema: z.ZodType<Record<string, string>, Record<string, string>> = LabelsSchema.superRefine(
  (labels, ctx) => {
    if (!isPlainObject(labels)) return;
    const keys = Object.keys(labels);
    if (keys.length > MAX_LABELS) return; // already refused, once
    for (const key of keys) {
      if (isReservedLabelKey(key)) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'labels under "berth." are reserved for Berth' });
      }
    }
  },
);

/**
 * Checks labels a client sent to a boundary (hub message, CLI flag, session options) with
 * {@link UserLabelsSchema}; throws a `ValidationError` (paths are the label keys). Returns them unchanged.
 *
 * @example
 * ```ts
 * validateUserLabels({ team: 'a' });            // ok
 * validateUserLabels({ 'berth.owner': 'me' });  // throws ValidationError (path: berth.owner)
 * ```
 */
export function validateUserLabels(labels: unknown): Record<string, string> {
  return checkWith<Record<string, string>>(UserLabelsSchema, labels, 'labels');
}
