import { ValidationError } from '../errors/index.js';
import { validateEngineEventFilter } from './validate.js';

/** The issue paths of the ValidationError `fn` throws. */
function issuePaths(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err.issues.map((i) => i.path);
    throw err;
  }
  throw new Error('expected a ValidationError');
}

describe(validateEngineEventFilter.name, () => {
  it('passes undefined, an empty filter and every engine object type, actions and labels', () => {
    expect(validateEngineEventFilter(undefined)).toBeUndefined();
    expect(validateEngineEventFilter({})).toEqual({});
    const filter = { types: ['container', 'image', 'network', 'volume'], actions: ['create'], labels: { a: 'b' } };
    expect(validateEngineEventFilter(filter)).toEqual(filter);
  });
  it('refuses a type other than the four, a non-string action and a non-object filter, naming each path', () => {
    expect(issuePaths(() => validateEngineEventFilter({ types: ['service'], actions: [1] }))).toEqual([
      'types.0',
      'actions.0',
    ]);
    expect(issuePaths(() => validateEngineEventFilter('container'))).toEqual(['']);
  });
});
