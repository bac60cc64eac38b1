import {
  ContainerConflictError,
  IMAGE_REFERENCE_PATTERN,
  type ImageInfo,
  ImageNotFoundError,
  type PullOptions,
  ValidationError,
} from '@berth/core';
import type { Random } from '../random/mulberry32.js';
import { randomHex, randomInt } from '../random/random-hex.js';
import type { TimerRegistry } from '../timers/timer-registry.js';
import { normalizeImageRef } from './normalize-image-ref.js';

/** Images every mock knows (and has locally) unless `options.images` says otherwise. */
export const DEFAULT_MOCK_IMAGES: readonly string[] = ['busybox:latest', 'alpine:latest', 'berth/busybox:latest'];

/**
 * The mock's image world: a "registry" of pullable references and a local store of pulled images with
 * seeded ids and sizes.
 */
export class ImageStore {
  readonly #random: Random;
  readonly #registry = new Set<string>();
  readonly #local = new Map<string, ImageInfo>();
  readonly #acceptAny: boolean;

  /**
   * @param random - seeded source for ids and sizes.
   * @param images - references present locally (and in the registry) from the start.
   * @param acceptAny - treat every valid reference as present in the registry.
   */
  constructor(random: Random, images: readonly string[], acceptAny: boolean) {
    this.#random = random;
    this.#acceptAny = acceptAny;
    for (const image of images) this.add(image, true);
  }

  /** Makes `ref` pullable; with `local`, also present locally. */
  add(ref: string, local = false): void {
    const name = normalizeImageRef(ref);
    this.#registry.add(name);
    if (local && !this.#local.has(name)) this.#local.set(name, this.#info(name));
  }

  /** `true` when present locally. */
  hasLocal(ref: string): boolean {
    return this.#local.has(normalizeImageRef(ref));
  }

  /** `true` when the registry has it. */
  inRegistry(ref: string): boolean {
    return this.#acceptAny || this.#registry.has(normalizeImageRef(ref));
  }

  /**
   * Makes sure a container can be created from `ref`: present locally, or pulled silently from the
   * registry (as `docker run` does). Otherwise `ImageNotFoundError`.
   */
  ensure(ref: string): void {
    if (this.hasLocal(ref)) return;
    if (!this.inRegistry(ref)) throw new ImageNotFoundError(ref, { operation: 'createContainer' });
    const name = normalizeImageRef(ref);
    this.#local.set(name, this.#info(name));
  }

  /** Pulls an image with engine-like progress; waits (virtual-time friendly) between layers. */
  async pull(ref: string, options: PullOptions, timers: TimerRegistry): Promise<void> {
    if (typeof ref !== 'string' || !IMAGE_REFERENCE_PATTERN.test(ref)) {
      throw new ValidationError(
        [{ path: 'image', message: 'invalid image reference' }],
        { operation: 'pullImage' },
        'image',
      );
    }
    const name = normalizeImageRef(ref);
    const policy = options.policy ?? 'missing';
    const progress = options.onProgress ?? (() => undefined);
    if (policy === 'never' || (policy === 'missing' && this.#local.has(name))) {
      if (!this.#local.has(name)) throw new ImageNotFoundError(ref, { operation: 'pullImage' });
      progress({ image: ref, status: `Status: Image is up to date for ${name}` });
      return;
    }
    if (!this.inRegistry(name)) throw new ImageNotFoundError(ref, { operation: 'pullImage' });
    progress({ image: ref, status: `Pulling from ${name.split(':')[0] ?? name}` });
    const layers = Array.from({ length: randomInt(this.#random, 1, 3) }, () => ({
      id: randomHex(this.#random, 12),
      total: randomInt(this.#random, 100_000, 3_000_000),
    }));
    for (const layer of layers) {
      progress({ image: ref, status: 'Pulling fs layer', layer: layer.id });
      for (const fraction of [0.5, 1]) {
        await timers.delay(1, options.signal);
        const current = Math.round(layer.total * fraction);
        progress({ image: ref, status: 'Downloading', layer: layer.id, current, total: layer.total });
      }
      progress({ image: ref, status: 'Pull complete', layer: layer.id });
    }
    this.#local.set(
      name,
      this.#info(
        name,
        layers.reduce((n, l) => n + l.total, 0),
      ),
    );
    progress({ image: ref, status: `Status: Downloaded newer image for ${name}` });
  }

  /** Id (`sha256:…`) of the local image `ref`, or `undefined` when it is not local. */
  idOf(ref: string): string | undefined {
    return this.#local.get(normalizeImageRef(ref))?.id;
  }

  /** Local images. */
  list(): ImageInfo[] {
    return [...this.#local.values()].map((info) => ({ ...info, tags: [...info.tags] }));
  }

  /** Removes a local image; `inUse` (and no `force`) → `ContainerConflictError`. */
  remove(ref: string, inUse: boolean, force: boolean): void {
    const name = normalizeImageRef(ref);
    if (!this.#local.has(name)) throw new ImageNotFoundError(ref, { operation: 'removeImage' });
    if (inUse && !force) {
      throw new ContainerConflictError(`Image ${ref} is used by a container; remove the container or pass force`, {
        operation: 'removeImage',
      });
    }
    this.#local.delete(name);
  }

  #info(name: string, sizeBytes = randomInt(this.#random, 1_000_000, 50_000_000)): ImageInfo {
    return { id: `sha256:${randomHex(this.#random, 64)}`, tags: [name], sizeBytes, createdAt: new Date() };
  }
}
