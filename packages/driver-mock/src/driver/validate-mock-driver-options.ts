import { ImageReferenceSchema, ValidationError, type ValidationIssue } from '@berth/core';
import type { MockDriverOptions } from './mock-driver-options.js';

const KNOWN_OPTIONS = new Set([
  'seed',
  'images',
  'acceptAnyImage',
  'defaultCommand',
  'hostMemoryBytes',
  'imageBehaviours',
  'version',
]);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks {@link MockDriverOptions} as a caller without TypeScript could pass them; throws a `ValidationError`
 * listing every bad field (unknown options included). Returns the options, typed.
 *
 * @example
 * ```ts
 * validateMockDriverOptions({ seed: Number.NaN }); // throws ValidationError [{ path: 'seed', … }]
 * ```
 */
export function validateMockDriverOptions(options: unknown): MockDriverOptions {
  if (!isRecord(options)) {
    throw new ValidationError([{ path: '', message: 'options must be an object' }], {}, 'mock driver options');
  }
  const issues: ValidationIssue[] = [];
  const o = options;
  for (const key of Object.keys(o)) if (!KNOWN_OPTIONS.has(key)) issues.push({ path: key, message: 'unknown option' });
  if (o['seed'] !== undefined && !Number.isFinite(o['seed'])) {
    issues.push({ path: 'seed', message: 'seed must be a finite number' });
  }
  const images = o['images'];
  if (images !== undefined) {
    if (!Array.isArray(images)) issues.push({ path: 'images', message: 'images must be an array of image references' });
    else
      images.forEach((image: unknown, i) => {
        if (!ImageReferenceSchema.safeParse(image).success) {
          issues.push({ path: `images.${i}`, message: 'must be an image reference like name[:tag][@digest]' });
        }
      });
  }
  for (const flag of ['acceptAnyImage'] as const) {
    if (o[flag] !== undefined && typeof o[flag] !== 'boolean') {
      issues.push({ path: flag, message: `${flag} must be a boolean` });
    }
  }
  const command = o['defaultCommand'];
  if (
    command !== undefined &&
    (!Array.isArray(command) || command.length === 0 || !command.every((a) => typeof a === 'string'))
  ) {
    issues.push({ path: 'defaultCommand', message: 'defaultCommand must be a non-empty array of strings' });
  }
  const memory = o['hostMemoryBytes'];
  if (memory !== undefined && (!Number.isSafeInteger(memory) || (memory as number) <= 0)) {
    issues.push({ path: 'hostMemoryBytes', message: 'hostMemoryBytes must be a positive integer' });
  }
  if (o['imageBehaviours'] !== undefined && !isRecord(o['imageBehaviours'])) {
    issues.push({ path: 'imageBehaviours', message: 'imageBehaviours must be an object keyed by image' });
  }
  if (o['version'] !== undefined && (typeof o['version'] !== 'string' || o['version'] === '')) {
    issues.push({ path: 'version', message: 'version must be a non-empty string' });
  }
  if (issues.length > 0) throw new ValidationError(issues, {}, 'mock driver options');
  return o as MockDriverOptions;
}
