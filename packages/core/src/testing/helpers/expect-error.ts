/** A Berth error class (or anything alike): a name, a prototype, and a static `is()` guard. */
export interface ErrorClass<E> {
  /** Class name, for the failure message. */
  readonly name: string;
  /** Gives the instance type. */
  readonly prototype: E;
  /** `true` when `err` is of this class, e.g. `ContainerNotFoundError.is`. */
  is(err: unknown): boolean;
}

/** Renders an unknown thrown value for a failure message. */
function describeThrown(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return `${err.name}${typeof code === 'string' ? ` [${code}]` : ''}: ${err.message}`;
  }
  return String(err);
}

/**
 * Runs `action` (which may throw synchronously or reject) and asserts it fails with an error that
 * `errorClass.is()` accepts (by code, so it works across package copies). Returns that error for further checks.
 *
 * @example
 * ```ts
 * const err = await expectError(() => driver.startContainer('nope'), ContainerNotFoundError);
 * ```
 */
export async function expectError<E>(action: () => unknown, errorClass: ErrorClass<E>): Promise<E> {
  let thrown: unknown;
  let failed = false;
  try {
    await action();
  } catch (err) {
    thrown = err;
    failed = true;
  }
  if (!failed) throw new Error(`expected ${errorClass.name}, but the call succeeded`);
  if (!errorClass.is(thrown)) throw new Error(`expected ${errorClass.name}, got ${describeThrown(thrown)}`);
  // `is()` just checked the class; static `is` guards cannot carry the subclass type through an interface.
  return thrown as E;
}
