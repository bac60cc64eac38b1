import { ValidationError } from '@berth/core';
import { describe, expect, it } from '@jest/globals';
import { chooseSessionImage } from './choose-session-image.js';

describe(chooseSessionImage.name, () => {
  const images = { default: 'rt:1', python: 'py:1', coder: 'coder:1' };

  it('prefers the explicit image', () => {
    expect(chooseSessionImage({ agentType: 'coder', image: 'own:1', capabilities: ['python'] }, images)).toBe('own:1');
  });

  it("prefers the agent type's image over a capability's", () => {
    expect(chooseSessionImage({ agentType: 'coder', capabilities: ['python'] }, images)).toBe('coder:1');
  });

  it('uses the first capability that has an image when the agent type has none', () => {
    expect(chooseSessionImage({ agentType: 'code-executor', capabilities: ['javascript', 'python'] }, images)).toBe(
      'py:1',
    );
  });

  it('falls back to the default image', () => {
    expect(chooseSessionImage({ agentType: 'code-executor', capabilities: ['rust'] }, images)).toBe('rt:1');
  });

  it('never takes an inherited property of the map for an image', () => {
    expect(chooseSessionImage({ agentType: 'x', capabilities: ['constructor'] }, { default: 'rt:1' })).toBe('rt:1');
  });

  it('throws ValidationError when no image applies', () => {
    expect(() => chooseSessionImage({ agentType: 'x' }, {})).toThrow(ValidationError);
  });
});
