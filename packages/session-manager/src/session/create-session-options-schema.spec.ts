import { ValidationError } from '@berth/core';
import { describe, expect, it } from '@jest/globals';
import { validateCreateSessionOptions } from './create-session-options-schema.js';

function pathsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (ValidationError.is(err)) return err.issues.map((i) => i.path);
    throw err;
  }
  return [];
}

describe(validateCreateSessionOptions.name, () => {
  describe("with the seed's createSession options", () => {
    const seed = {
      agentType: 'code-executor',
      capabilities: ['python', 'javascript'],
      resourceRequirements: { cpu: 2, memory: 4096, disk: 10240 },
      timeout: 300000,
    };

    it('returns them in canonical form: resources in MiB fields, timeoutMs, agent capabilities kept', () => {
      expect(validateCreateSessionOptions(seed)).toEqual({
        agentType: 'code-executor',
        capabilities: ['python', 'javascript'],
        resources: { cpu: 2, memoryMb: 4096, diskMb: 10240 },
        timeoutMs: 300000,
      });
    });

    it('does not change the caller object', () => {
      const copy = structuredClone(seed);
      validateCreateSessionOptions(copy);
      expect(copy).toEqual(seed);
    });
  });

  it('refuses resources and resourceRequirements together', () => {
    expect(
      pathsOf(() => validateCreateSessionOptions({ agentType: 'a', resources: {}, resourceRequirements: {} })),
    ).toEqual(['resourceRequirements']);
  });

  it('refuses timeout and timeoutMs with different values', () => {
    expect(pathsOf(() => validateCreateSessionOptions({ agentType: 'a', timeout: 1, timeoutMs: 2 }))).toEqual([
      'timeout',
    ]);
  });

  it('refuses a Linux capability name in capabilities, pointing at security.capabilities.add', () => {
    try {
      validateCreateSessionOptions({ agentType: 'a', capabilities: ['NET_ADMIN'] });
      throw new Error('accepted');
    } catch (err) {
      expect(ValidationError.is(err) && err.issues[0]?.message).toMatch(/security\.capabilities\.add/);
    }
  });

  it('takes Linux capabilities under security.capabilities.add', () => {
    const opts = { agentType: 'a', security: { capabilities: { add: ['NET_BIND_SERVICE'] } } };
    expect(validateCreateSessionOptions(opts)).toEqual(opts);
  });

  it('refuses an unknown Linux capability under security.capabilities.add', () => {
    expect(
      pathsOf(() => validateCreateSessionOptions({ agentType: 'a', security: { capabilities: { add: ['FLY'] } } })),
    ).toEqual(['security.capabilities.add.0']);
  });

  it('refuses an agent capability that is not a word', () => {
    expect(pathsOf(() => validateCreateSessionOptions({ agentType: 'a', capabilities: ['py thon'] }))).toEqual([
      'capabilities.0',
    ]);
  });
});
