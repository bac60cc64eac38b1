import { BerthError, type BerthErrorJSON } from './berth-error.js';
import { ContainerError } from './container-error.js';
import * as classes from './error-classes.js';

/** What {@link errorFromJSON} needs of an error class: its code and prototype (constructor forms differ). */
interface ErrorClass {
  readonly code: string;
  readonly prototype: BerthError;
}

const byCode = new Map<string, ErrorClass>(
  [
    BerthError as ErrorClass,
    ContainerError as ErrorClass,
    ...Object.values(classes).filter(
      (c): c is ErrorClass & (typeof classes)[keyof typeof classes] => typeof c === 'function',
    ),
  ].map((c): [string, ErrorClass] => [c.code, c]),
);

/**
 * Rebuilds a {@link BerthError} of the right class from its {@link BerthError.toJSON} form (as received from
 * the hub). Unknown codes give a plain `BerthError` with that code.
 */
export function errorFromJSON(json: BerthErrorJSON): BerthError {
  const Ctor = byCode.get(json.code) ?? BerthError;
  const err = Object.create(Ctor.prototype) as BerthError;
  const fields: Record<string, unknown> = {
    ...(json.details ?? {}),
    name: json.name,
    message: json.message,
    code: json.code,
    retryable: json.retryable,
    stack: `${json.name}: ${json.message}`,
  };
  if (json.containerId !== undefined) fields.containerId = json.containerId;
  if (json.operation !== undefined) fields.operation = json.operation;
  if (json.cause !== undefined) fields.cause = json.cause;
  for (const [key, value] of Object.entries(fields)) {
    Object.defineProperty(err, key, { value, enumerable: key !== 'stack', writable: false, configurable: true });
  }
  return err;
}
