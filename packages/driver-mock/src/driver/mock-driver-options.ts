import type { ImageBehaviour } from '../scripting/image-behaviour.js';

/**
 * Options of {@link MockDriver}. Every field is optional.
 *
 * @example
 * ```ts
 * const mock = new MockDriver({ seed: 42, images: ['busybox:latest', 'my-agent:1'] });
 * ```
 */
export interface MockDriverOptions {
  /** Seed of every random choice (ids, failure rates, latency ranges, stats). Default: `1`. */
  seed?: number;
  /** Images present locally (and pullable) from the start. Default: {@link DEFAULT_MOCK_IMAGES}. */
  images?: readonly string[];
  /** Accept every valid image reference as if the registry had it. Default: `false`. */
  acceptAnyImage?: boolean;
  /** Main process of a container whose spec and image give no command. Default: `['sleep', 'infinity']`. */
  defaultCommand?: readonly string[];
  /** Memory reported as the limit of containers without one. Default: 8 GiB. */
  hostMemoryBytes?: number;
  /** Per-image behaviour, as with `mock.onImage(image, behaviour)`. */
  imageBehaviours?: Readonly<Record<string, ImageBehaviour>>;
  /** Driver version reported in `version` and `healthCheck().details`. Default: `0.1.0`. */
  version?: string;
}
