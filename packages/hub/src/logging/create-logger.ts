import { type DestinationStream, type Logger, pino } from 'pino';

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  /** pino level (`LOG_LEVEL`). Default `info`. */
  level?: string;
  /** Write here instead of stdout (tests). */
  destination?: DestinationStream;
  /** Pretty-print; default: only when stdout is a TTY. */
  pretty?: boolean;
}

/** Paths never written to the log, whatever a caller passes. */
const REDACT = [
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
];

/**
 * Structured JSON logs (pino), pretty only on a TTY. Tokens and Authorization headers are redacted.
 *
 * @example
 * ```ts
 * const log = createLogger({ level: process.env.LOG_LEVEL });
 * ```
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const base = { level: options.level ?? 'info', name: 'berth-hub', redact: { paths: REDACT, censor: '[redacted]' } };
  if (options.destination !== undefined) return pino(base, options.destination);
  const pretty = options.pretty ?? process.stdout.isTTY === true;
  if (pretty) return pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true } } });
  return pino(base);
}
