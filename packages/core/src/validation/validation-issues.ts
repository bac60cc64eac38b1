import type { z } from 'zod';
import type { ValidationIssue } from '../errors/error-classes.js';
import { MAX_ISSUE_TEXT_LENGTH, MAX_VALIDATION_ISSUES } from './limits.js';
import { truncateText } from './text-bounds.js';

/** One zod issue's message; for a bad record key, the message of what is wrong with the key. */
function messageOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_key' && issue.issues[0] !== undefined) return issue.issues[0].message;
  return issue.message;
}

function truncatePath(path: string): string {
  return path
    .split('.')
    .map((segment) => truncateText(segment, MAX_ISSUE_TEXT_LENGTH))
    .join('.');
}

/**
 * Bounds a list of issues for a `ValidationError`: at most {@link MAX_VALIDATION_ISSUES} (then one more saying
 * how many were left out), each path segment and message cut to {@link MAX_ISSUE_TEXT_LENGTH} characters, so a
 * hostile input (a megabyte key, ten thousand bad entries) cannot make a huge error.
 */
export function boundIssues(issues: readonly ValidationIssue[]): ValidationIssue[] {
  const kept = issues
    .slice(0, MAX_VALIDATION_ISSUES)
    .map((i) => ({ path: truncatePath(i.path), message: truncateText(i.message, MAX_ISSUE_TEXT_LENGTH) }));
  if (issues.length > MAX_VALIDATION_ISSUES) {
    kept.push({ path: '', message: `…and ${issues.length - MAX_VALIDATION_ISSUES} more issues` });
  }
  return kept;
}

/** Zod issues as Berth's `{ path, message }` list, unbounded (each path segment already cut). */
export function zodIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((p) => truncateText(String(p), MAX_ISSUE_TEXT_LENGTH)).join('.'),
    message: messageOf(issue),
  }));
}

/**
 * Turns zod issues into Berth's `{ path, message }` list (paths dotted: `resources.memoryMb`), bounded as
 * {@link boundIssues} says.
 */
export function toValidationIssues(error: z.ZodError): ValidationIssue[] {
  return boundIssues(zodIssues(error));
}
