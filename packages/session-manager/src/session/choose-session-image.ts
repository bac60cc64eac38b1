import { ValidationError } from '@berth/core';
import type { CreateSessionOptions } from './session.js';

/**
 * The image of a session: its own `image`; else the image of its `agentType`; else the image of its first agent
 * capability that has one (`capabilities: ['python', 'javascript']` with `images: { python: 'python:3.12' }` gives
 * `python:3.12`); else `images.default`. Throws `ValidationError` when none applies.
 *
 * @param opts - the session's options.
 * @param images - the manager's image map (agent type or capability → image, plus `default`).
 * @example
 * ```ts
 * chooseSessionImage({ agentType: 'code-executor', capabilities: ['python'] }, { python: 'py:1', default: 'rt:1' });
 * // 'py:1'
 * ```
 */
export function chooseSessionImage(
  opts: Pick<CreateSessionOptions, 'agentType' | 'image' | 'capabilities'>,
  images: Readonly<Record<string, string>>,
): string {
  const own = (key: string): string | undefined => (Object.hasOwn(images, key) ? images[key] : undefined);
  const byCapability = (opts.capabilities ?? []).map(own).find((i) => i !== undefined);
  const image = opts.image ?? own(opts.agentType) ?? byCapability ?? own('default');
  if (image === undefined) {
    throw new ValidationError(
      [{ path: 'image', message: `no image for agent type ${opts.agentType}; pass image or set images.default` }],
      {},
      'session options',
    );
  }
  return image;
}
