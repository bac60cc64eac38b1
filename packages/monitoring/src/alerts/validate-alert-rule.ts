import { ValidationError, type ValidationIssue } from '@berth/core';
import { ALERT_SEVERITIES, type AlertRule } from './alert-rule.js';

const RULE_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

/**
 * Checks a rule given to `addAlertRule` and throws `ValidationError` listing every bad field.
 *
 * @param rule - the rule as the caller gave it (any value).
 * @returns the rule, typed.
 */
export function validateAlertRule(rule: unknown): AlertRule {
  const issues: ValidationIssue[] = [];
  if (typeof rule !== 'object' || rule === null) {
    throw new ValidationError(
      [{ path: '', message: 'give an object { id, name, condition, severity }' }],
      {},
      'alert rule',
    );
  }
  const r = rule as Record<string, unknown>;
  if (typeof r.id !== 'string' || !RULE_ID.test(r.id)) {
    issues.push({ path: 'id', message: 'must match [A-Za-z0-9][A-Za-z0-9_.:-]* (at most 128 characters)' });
  }
  if (typeof r.name !== 'string' || r.name.length === 0)
    issues.push({ path: 'name', message: 'must be a non-empty string' });
  if (typeof r.condition !== 'function')
    issues.push({ path: 'condition', message: 'must be a function (metrics) => boolean' });
  if (!ALERT_SEVERITIES.includes(r.severity as never)) {
    issues.push({ path: 'severity', message: `must be one of ${ALERT_SEVERITIES.join(', ')}` });
  }
  for (const key of ['forMs', 'cooldownMs'] as const) {
    const v = r[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) {
      issues.push({ path: key, message: 'must be a finite number of ms >= 0' });
    }
  }
  if (r.notifyResolved !== undefined && typeof r.notifyResolved !== 'boolean') {
    issues.push({ path: 'notifyResolved', message: 'must be a boolean' });
  }
  if (r.actions !== undefined && !Array.isArray(r.actions))
    issues.push({ path: 'actions', message: 'must be an array' });
  if (Array.isArray(r.actions)) {
    for (const [i, a] of (r.actions as unknown[]).entries()) actionIssues(a, `actions.${i}`, issues);
  }
  if (issues.length > 0) throw new ValidationError(issues, {}, 'alert rule');
  return rule as AlertRule;
}

function actionIssues(action: unknown, path: string, issues: ValidationIssue[]): void {
  if (typeof action === 'function') return;
  if (typeof action !== 'object' || action === null) {
    issues.push({ path, message: "must be { type: 'log' | 'webhook' | 'hub' } or a function" });
    return;
  }
  const a = action as { type?: unknown; config?: Record<string, unknown> };
  if (a.type === 'log' || a.type === 'hub') return;
  if (a.type !== 'webhook') {
    issues.push({ path: `${path}.type`, message: "must be 'log', 'webhook' or 'hub' (or give a function)" });
    return;
  }
  const url = a.config?.url;
  if (typeof url !== 'string' || !isHttpUrl(url)) {
    issues.push({ path: `${path}.config.url`, message: 'must be an http: or https: URL' });
  }
  const timeoutMs = a.config?.timeoutMs;
  if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0)) {
    issues.push({ path: `${path}.config.timeoutMs`, message: 'must be a number of ms > 0' });
  }
  const retries = a.config?.retries;
  if (
    retries !== undefined &&
    (typeof retries !== 'number' || !Number.isInteger(retries) || retries < 0 || retries > 10)
  ) {
    issues.push({ path: `${path}.config.retries`, message: 'must be an integer from 0 to 10' });
  }
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
