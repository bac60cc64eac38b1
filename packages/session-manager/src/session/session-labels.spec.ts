import { describe, expect, it } from '@jest/globals';
import { buildSessionLabels, parseCapabilitiesLabel, SESSION_LABELS } from './session-labels.js';

const base = {
  sessionId: 's1',
  ownerId: 'o',
  createdAt: new Date(0),
  expiresAt: new Date(1000),
  agentType: 'code-executor',
  pool: false,
  extra: {},
};

describe(buildSessionLabels.name, () => {
  it('writes agent capabilities comma-separated as berth.capabilities', () => {
    const labels = buildSessionLabels({ ...base, capabilities: ['python', 'javascript'] });
    expect(labels[SESSION_LABELS.capabilities]).toBe('python,javascript');
  });

  it('writes no berth.capabilities without capabilities', () => {
    expect(buildSessionLabels({ ...base, capabilities: [] })).not.toHaveProperty(SESSION_LABELS.capabilities);
  });
});

describe(parseCapabilitiesLabel.name, () => {
  it('reads back what buildSessionLabels wrote', () => {
    expect(parseCapabilitiesLabel(buildSessionLabels({ ...base, capabilities: ['python', 'c++'] }))).toEqual([
      'python',
      'c++',
    ]);
  });

  it('gives [] when the label is absent', () => {
    expect(parseCapabilitiesLabel({})).toEqual([]);
  });
});
