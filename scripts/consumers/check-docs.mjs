// The docs show the consumers job's own fixtures, so their examples cannot rot: a fenced code block right after
// a `<!-- consumers: <project>/<path> -->` line must equal that file of the project as the job sets it up (its
// fixture under scripts/consumers/fixtures, or derived from scripts/consumers/shared). Each doc must carry the
// markers listed in DOCS (so deleting a marker does not silently skip the check).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectFile } from './shared-files.mjs';

/** Docs and the fixtures each must show. */
export const DOCS = {
  'README.md': [
    'cjs-ts-jest/jest.config.js',
    'cjs-ts-jest/test/mock-driver.test.ts',
    'cjs-classic/tsconfig.json',
    'esm-jest/test/mock-driver.test.js',
    'vitest/test/mock-driver.test.ts',
    'node-test/test/mock-driver.test.js',
    'require/mock-driver.cjs',
  ],
  'packages/core/TESTING.md': [
    'cjs-ts-jest/src/tenant-driver.ts',
    'cjs-ts-jest/test/tenant-driver.conformance.test.ts',
    'esm-jest/test/tenant-driver.conformance.test.js',
    'vitest/test/tenant-driver.conformance.test.ts',
    'node-test/test/tenant-driver.conformance.test.js',
    'require/tenant-driver.conformance.cjs',
  ],
};

const MARKER = /^<!-- consumers: (\S+) -->$/;

/** The `(fixture, code)` pairs of a markdown text: each marker with the fenced block that follows it. */
export function markedBlocks(markdown) {
  const lines = markdown.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const m = MARKER.exec(lines[i].trim());
    if (!m) continue;
    const open = lines[i + 1] ?? '';
    if (!/^```/.test(open)) {
      blocks.push({ fixture: m[1], code: null, line: i + 1 });
      continue;
    }
    const end = lines.findIndex((l, j) => j > i + 1 && /^```\s*$/.test(l));
    blocks.push({ fixture: m[1], code: end < 0 ? null : lines.slice(i + 2, end).join('\n'), line: i + 1 });
  }
  return blocks;
}

/**
 * Checks every doc in {@link DOCS} against the fixtures.
 *
 * @returns {string[]} problems, empty when the docs show the fixtures exactly
 */
export function checkDocs(repo, fixturesDir) {
  const problems = [];
  for (const [doc, required] of Object.entries(DOCS)) {
    const blocks = markedBlocks(readFileSync(join(repo, doc), 'utf8'));
    for (const fixture of required) {
      if (!blocks.some((b) => b.fixture === fixture)) problems.push(`${doc}: no block marked ${fixture}`);
    }
    for (const { fixture, code, line } of blocks) {
      const text = projectFile(fixturesDir, fixture);
      if (text === null) problems.push(`${doc}:${line}: ${fixture} is no file of a consumers project`);
      else if (code === null) problems.push(`${doc}:${line}: no fenced code block right after the marker`);
      else if (code.trimEnd() !== text.trimEnd())
        problems.push(`${doc}:${line}: the block differs from the project's ${fixture} (copy the file)`);
    }
  }
  return problems;
}
