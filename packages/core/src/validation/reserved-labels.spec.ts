import { BERTH_LABELS, BERTH_USER_LABELS } from '../contract/labels.js';
import { ValidationError, type ValidationIssue } from '../errors/index.js';
import { allowReservedLabels, validateUserLabels } from './reserved-labels.js';
import {
  validateContainerFilter,
  validateContainerSpec,
  validateEventFilter,
  validateNetworkSpec,
  validateVolumeSpec,
} from './validate.js';

function issuesOf(fn: () => unknown): ValidationIssue[] {
  try {
    fn();
  } catch (err) {
    if (ValidationError.is(err)) return err.issues;
    throw err;
  }
  throw new Error('expected a ValidationError');
}

/** The labels the session manager puts on a session container. */
const sessionLabels = {
  team: 'a',
  [BERTH_LABELS.managed]: 'true',
  [BERTH_LABELS.session]: 'ses-1',
  [BERTH_LABELS.owner]: 'host:123:abcd',
  [BERTH_LABELS.created]: '2026-12-02T10:00:00.000Z',
  [BERTH_LABELS.expires]: '2026-12-02T11:00:00.000Z',
  'berth.agentType': 'python',
  'berth.pool': 'false',
};

describe('reserved berth.* labels', () => {
  describe('on a spec from user code', () => {
    it.each([...Object.values(BERTH_LABELS), 'berth.agentType', 'berth.pool', 'berth.anything', 'Berth.Owner'])(
      'refuses %s, naming the label',
      (key) => {
        const issues = issuesOf(() => validateContainerSpec({ image: 'busybox', labels: { ok: '1', [key]: 'x' } }));
        expect(issues.map((i) => i.path)).toEqual([`labels.${key}`]);
        expect(issues[0]?.message).toMatch(/reserved/);
      },
    );
    it('refuses them on volume and network specs too', () => {
      expect(issuesOf(() => validateVolumeSpec({ name: 'v', labels: { 'berth.owner': 'x' } }))[0]?.path).toBe(
        'labels.berth.owner',
      );
      expect(issuesOf(() => validateNetworkSpec({ name: 'n', labels: { 'berth.managed': 'true' } }))[0]?.path).toBe(
        'labels.berth.managed',
      );
    });
    it.each(Object.values(BERTH_USER_LABELS))('accepts the user label %s', (key) => {
      expect(() => validateContainerSpec({ image: 'busybox', labels: { [key]: 'run-1' } })).not.toThrow();
      expect(() => validateVolumeSpec({ name: 'v', labels: { [key]: 'run-1' } })).not.toThrow();
    });
    it('reports reserved labels together with the other bad fields', () => {
      const issues = issuesOf(() => validateContainerSpec({ image: '', labels: { 'berth.owner': 'x' } }));
      expect(issues.map((i) => i.path).sort()).toEqual(['image', 'labels.berth.owner']);
    });
    it('refuses them after a JSON round trip of allowed labels (the mark does not cross a wire)', () => {
      const spec = { image: 'busybox', sessionId: 'ses-1', labels: allowReservedLabels(sessionLabels) };
      const issues = issuesOf(() => validateContainerSpec(JSON.parse(JSON.stringify(spec))));
      expect(issues.length).toBeGreaterThan(0);
    });
  });

  describe('in labels marked with allowReservedLabels', () => {
    const owned = (labels: Record<string, string>, sessionId = 'ses-1') => ({
      image: 'busybox',
      sessionId,
      labels: allowReservedLabels(labels),
    });
    it('accepts the session manager labels', () => {
      const spec = owned(sessionLabels);
      expect(validateContainerSpec(spec)).toBe(spec);
    });
    it('keeps the mark through spread and rest copies (as DockerHostPool and SwarmDriver copy specs)', () => {
      const spec = owned(sessionLabels);
      expect(() => validateContainerSpec({ ...spec, labels: { ...spec.labels, 'berth.host': 'h1' } })).not.toThrow();
      const { sessionId: _s, ...rest } = spec;
      expect(() => validateContainerSpec(rest)).not.toThrow();
    });
    it('loses the mark when the labels are rebuilt from their entries', () => {
      const spec = owned(sessionLabels);
      expect(() => validateContainerSpec({ ...spec, labels: Object.fromEntries(Object.entries(spec.labels)) })).toThrow(
        ValidationError,
      );
    });
    it('does not change the labels it was given', () => {
      const labels = { [BERTH_LABELS.owner]: 'o' };
      allowReservedLabels(labels);
      expect(() => validateContainerSpec({ image: 'busybox', labels })).toThrow(ValidationError);
    });
    it('leaves the marked labels a plain map of strings', () => {
      expect(Object.entries(allowReservedLabels({ a: 'b' }))).toEqual([['a', 'b']]);
      expect(JSON.stringify(allowReservedLabels({ a: 'b' }))).toBe('{"a":"b"}');
    });
    it('allows them on volume and network specs too', () => {
      const labels = allowReservedLabels({ [BERTH_LABELS.managed]: 'true' });
      expect(() => validateVolumeSpec({ name: 'v', labels })).not.toThrow();
      expect(() => validateNetworkSpec({ name: 'n', labels })).not.toThrow();
    });
    it.each<[string, Record<string, string>, string]>([
      ['berth.managed other than "true"', { [BERTH_LABELS.managed]: 'false' }, 'labels.berth.managed'],
      ['berth.session other than spec.sessionId', { [BERTH_LABELS.session]: 'ses-2' }, 'labels.berth.session'],
      ['berth.created that is no ISO time', { [BERTH_LABELS.created]: 'yesterday' }, 'labels.berth.created'],
      [
        'berth.expires that is no valid time',
        { [BERTH_LABELS.expires]: '2026-13-45T99:00:00Z' },
        'labels.berth.expires',
      ],
      ['an empty berth.owner', { [BERTH_LABELS.owner]: '' }, 'labels.berth.owner'],
    ])('refuses %s', (_what, labels, path) => {
      expect(issuesOf(() => validateContainerSpec(owned(labels))).map((i) => i.path)).toEqual([path]);
    });
    it('still applies the size bounds', () => {
      expect(
        issuesOf(() => validateContainerSpec(owned({ 'berth.x': 'v'.repeat(10_000) }))).map((i) => i.path),
      ).toEqual(['labels.berth.x']);
    });
  });

  describe('in filters', () => {
    it('accepts berth.* keys: asking for Berth containers is fine', () => {
      expect(() => validateContainerFilter({ labels: { [BERTH_LABELS.managed]: 'true' } })).not.toThrow();
      expect(() => validateEventFilter({ labels: { [BERTH_LABELS.owner]: 'o' } })).not.toThrow();
    });
  });

  describe(validateUserLabels.name, () => {
    it.each([...Object.values(BERTH_LABELS), ...Object.values(BERTH_USER_LABELS), 'BERTH.x'])(
      'refuses %s: a client boundary takes no berth.* label at all',
      (key) => {
        expect(issuesOf(() => validateUserLabels({ a: 'b', [key]: 'v' })).map((i) => i.path)).toEqual([key]);
      },
    );
    it('returns plain user labels unchanged', () => {
      const labels = { 'com.example/team': 'a', app: 'b' };
      expect(validateUserLabels(labels)).toBe(labels);
    });
    it('applies the size bounds', () => {
      expect(issuesOf(() => validateUserLabels({ a: 'x'.repeat(100_000) })).map((i) => i.path)).toEqual(['a']);
    });
  });
});
