import { EnvSchema, toValidationIssues, ValidationError } from '@berth/core';
import { z } from 'zod';
import { LANGUAGES, type Language } from './languages.js';

/**
 * What `executeCode` runs. The seed's `timeout` (ms) is accepted for `timeoutMs` and normalised to it.
 *
 * @example
 * ```ts
 * const req: ExecuteCodeRequest = { language: 'python', code: 'print(input())', stdin: 'hi\n', timeoutMs: 5000 };
 * const seed: ExecuteCodeRequest = { language: 'python', code: 'print(1)', timeout: 30000 };
 * ```
 */
export interface ExecuteCodeRequest {
  /** `python` (python3), `javascript` (node, CommonJS), `typescript` (transpiled on the host, then node) or `bash` (sh). */
  language: Language;
  /** Source code (at most 5 MiB). */
  code: string;
  /** Kill the run after this many ms (`timedOut: true`); the session stays usable. Default: manager's `codeTimeoutMs`. */
  timeoutMs?: number;
  /** Seed spelling of {@link ExecuteCodeRequest.timeoutMs} (ms); normalised to it. Give one of the two. */
  timeout?: number;
  /**
   * Environment for this run, over the session's. `PYTHON*`, `LANG` and `LC_*` act as in a fresh `python3` (the
   * run goes to a code runner started with them); see `SessionManager.executeCode`.
   */
  env?: Record<string, string>;
  /** Data fed to the program's stdin. */
  stdin?: string;
  /**
   * Each piece of the run's stdout as the program writes it (decoded UTF-8, a character never split), before
   * the result; a callback that throws is ignored. Not part of the wire: callers in this process only.
   */
  onStdout?: (text: string) => void;
  /** Each piece of the run's stderr as the program writes it; see {@link ExecuteCodeRequest.onStdout}. */
  onStderr?: (text: string) => void;
}

const callback = z.custom<(text: string) => void>((v) => typeof v === 'function', { error: 'must be a function' });

/** Schema of {@link ExecuteCodeRequest}. */
export const ExecuteCodeRequestSchema = z.strictObject({
  language: z.enum(LANGUAGES, { error: `language must be one of ${LANGUAGES.join(', ')}` }),
  code: z
    .string({ error: 'code must be a string' })
    .max(5 * 1024 * 1024, { error: 'code is larger than 5 MiB' })
    .refine((c) => !c.includes('\0'), { error: 'code must not contain NUL' }),
  timeoutMs: z.number().int().positive().max(2_147_483_647).optional(),
  timeout: z.number().int().positive().max(2_147_483_647).optional(),
  env: EnvSchema.optional(),
  stdin: z.string().optional(),
  onStdout: callback.optional(),
  onStderr: callback.optional(),
});

/**
 * Validates an {@link ExecuteCodeRequest}; throws `ValidationError` listing every bad field. Returns it with the
 * seed's `timeout` moved to `timeoutMs` (the same object when it has no `timeout`).
 *
 * @example
 * ```ts
 * validateExecuteCodeRequest({ language: 'cobol', code: '' }); // throws ValidationError (path: language)
 * validateExecuteCodeRequest({ language: 'bash', code: 'true', timeout: 500 }); // { …, timeoutMs: 500 }
 * ```
 */
export function validateExecuteCodeRequest(request: unknown): ExecuteCodeRequest {
  const parsed = ExecuteCodeRequestSchema.safeParse(request);
  if (!parsed.success) throw new ValidationError(toValidationIssues(parsed.error), {}, 'code request');
  const req = request as ExecuteCodeRequest;
  if (req.timeout === undefined) return req;
  if (req.timeoutMs !== undefined && req.timeoutMs !== req.timeout) {
    throw new ValidationError(
      [{ path: 'timeout', message: 'timeout is the seed spelling of timeoutMs; both are given with different values' }],
      {},
      'code request',
    );
  }
  const { timeout, ...rest } = req;
  return { ...rest, timeoutMs: timeout };
}
