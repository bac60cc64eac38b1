import { z } from 'zod';

/**
 * Schema of an array of `item` with at most `max` items. The count is checked before any item is parsed, so a
 * million-item array costs one issue, not a million.
 *
 * @param maxName - the exported constant's name, for the message (`MAX_SPEC_LIST_ITEMS`).
 */
export function boundedList<T extends z.ZodType>(
  item: T,
  max: number,
  what: string,
  maxName: string,
): z.ZodType<z.output<T>[], z.input<T>[]> {
  return z
    .custom<z.input<T>[]>((v) => !Array.isArray(v) || v.length <= max, {
      error: (iss) => `${what} has ${(iss.input as unknown[]).length} items, more than ${maxName} (${max})`,
    })
    .pipe(z.array(item, { error: `${what} must be an array` }));
}
