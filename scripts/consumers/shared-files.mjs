// One source for the files that are the same user code in several fresh projects. The mock-driver unit test, the
// custom TenantDriver and its conformance test are written once under ./shared, in the spelling of the CommonJS
// ts-jest project; the consumers job writes each project's copy from it when it sets the project up — as is, or
// turned into that project's dialect (vitest's `vi` instead of jest's globals, an ES-module jest file with
// `@jest/globals` and a JSDoc type). What stays under ./fixtures/<project> is only what is that project's own.
//
// So each project the job installs is still a plain user project (ordinary files, no template markers), and the
// docs, which show those files verbatim (check-docs.mjs), are checked against the derived text. A rewrite that no
// longer finds the line it rewrites throws, so editing a shared file cannot silently leave a project behind.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SHARED = join(dirname(fileURLToPath(import.meta.url)), 'shared');

/** Replaces every `from` in `text` by `to`; throws when `from` is not there (the shared file changed under it). */
function rewrite(text, from, to, file) {
  const parts = text.split(from);
  if (parts.length < 2) throw new Error(`consumers/shared/${file}: cannot derive, ${JSON.stringify(from)} not found`);
  return parts.join(to);
}

const MOCK_IMPORT = "import { MockDriver, mockDriverModule } from '@berth/driver-mock';";
const TENANT_IMPORT = "import { TenantDriver } from '../src/tenant-driver';";

/**
 * A plain CommonJS script as the plain ES-module script a user would write: `require` lines become `import`s,
 * `require(x)` is `await import(x)`, a script's `async function main() { … }` and its `main().catch(…)` give way to
 * top-level await, and "CommonJS"/"require()" in the words it prints or says read "ES-module"/"import".
 */
function toEsmScript(text, file) {
  let out = text
    .replace(/^const (\w+) = require\(('[^']+')\);$/gm, 'import $1 from $2;')
    .replace(/^const (\{[^}]+\}) = require\(('[^']+')\);$/gm, 'import $1 from $2;')
    .replace(/\brequire\((\w+)\)/g, 'await import($1)')
    .replace("`require('", "`import('")
    .replace(/\.cjs\b/g, '.js');
  if (out.includes('async function main() {')) {
    const start = out.indexOf('async function main() {\n');
    const end = out.indexOf('\n}\n\nmain().catch(');
    if (start < 0 || end < 0) throw new Error(`consumers/shared/${file}: cannot derive, main() not as expected`);
    const body = out.slice(start + 'async function main() {\n'.length, end).replace(/^ {2}/gm, '');
    out = `${out.slice(0, start)}${body}\n`;
  }
  out = out
    .replace('plain CommonJS', 'plain ES-module')
    .replace('(their CommonJS builds)', '(their ES-module builds)')
    .replace('loads with require()', 'loads with import')
    .replace('from require(): ok', 'from import: ok');
  if (/\brequire\b|CommonJS/.test(out)) throw new Error(`consumers/shared/${file}: cannot derive, a require is left`);
  return out;
}

/** The dialects a shared file is turned into: shared file name → text → project's text. */
const DIALECTS = {
  /** The file as it is (CommonJS TypeScript under the ts-jest preset: jest's globals). */
  same: (text) => text,
  /** vitest without globals: its functions imported, `vi` for `jest`. */
  vitest: (text, file) =>
    rewrite(
      rewrite(
        text,
        MOCK_IMPORT,
        `${MOCK_IMPORT}\nimport { afterEach, beforeEach, expect, it, vi } from 'vitest';`,
        file,
      ),
      'jest.',
      'vi.',
      file,
    ),
  /** ES-module JavaScript under jest: globals from `@jest/globals`, a JSDoc type, `.js` specifiers. */
  'esm-jest': (text, file) => {
    if (file === 'mock-driver.test.ts') {
      const imported = rewrite(
        text,
        MOCK_IMPORT,
        `${MOCK_IMPORT}\nimport { afterEach, beforeEach, expect, it, jest } from '@jest/globals';`,
        file,
      );
      return rewrite(imported, 'let mock: MockDriver;', '/** @type {MockDriver} */\nlet mock;', file);
    }
    return rewrite(
      text,
      TENANT_IMPORT,
      "import { expect, it } from '@jest/globals';\nimport { TenantDriver } from '../src/tenant-driver.js';",
      file,
    );
  },
  /** A plain ES-module script (see {@link toEsmScript}). */
  'esm-script': toEsmScript,
};

/**
 * The shared files of each project: path in the project → [shared file, dialect]. A project not listed has none.
 *
 * @type {Record<string, Record<string, [string, keyof typeof DIALECTS]>>}
 */
export const SHARED_FILES = {
  'cjs-ts-jest': {
    'src/tenant-driver.ts': ['tenant-driver.ts', 'same'],
    'test/mock-driver.test.ts': ['mock-driver.test.ts', 'same'],
    'test/tenant-driver.conformance.test.ts': ['tenant-driver.conformance.test.ts', 'same'],
  },
  'cjs-classic': {
    'src/tenant-driver.ts': ['tenant-driver.ts', 'same'],
    'test/mock-driver.test.ts': ['mock-driver.test.ts', 'same'],
    'test/tenant-driver.conformance.test.ts': ['tenant-driver.conformance.test.ts', 'same'],
  },
  'esm-jest': {
    'src/tenant-driver.js': ['tenant-driver.js', 'same'],
    'test/mock-driver.test.js': ['mock-driver.test.ts', 'esm-jest'],
    'test/tenant-driver.conformance.test.js': ['tenant-driver.conformance.test.ts', 'esm-jest'],
  },
  vitest: {
    'src/tenant-driver.ts': ['tenant-driver.ts', 'same'],
    'test/mock-driver.test.ts': ['mock-driver.test.ts', 'vitest'],
  },
  'node-test': {
    'src/tenant-driver.js': ['tenant-driver.js', 'same'],
  },
  require: {
    'mock-driver.cjs': ['mock-driver.cjs', 'same'],
    'packages.cjs': ['packages.cjs', 'same'],
    'tenant-driver.conformance.cjs': ['tenant-driver.conformance.cjs', 'same'],
  },
  import: {
    'mock-driver.js': ['mock-driver.cjs', 'esm-script'],
    'packages.js': ['packages.cjs', 'esm-script'],
    'tenant-driver.conformance.js': ['tenant-driver.conformance.cjs', 'esm-script'],
  },
};

/**
 * The shared files of `project`, derived.
 *
 * @returns {Map<string, string>} path in the project → text
 */
export function sharedFiles(project) {
  const files = new Map();
  for (const [path, [shared, dialect]] of Object.entries(SHARED_FILES[project] ?? {})) {
    files.set(path, DIALECTS[dialect](readFileSync(join(SHARED, shared), 'utf8'), shared));
  }
  return files;
}

/**
 * The text of `<project>/<path>` as the job sets the project up: derived from ./shared, or the fixture's own file.
 *
 * @returns {string | null} null when the project has no such file
 */
export function projectFile(fixturesDir, fixture) {
  const [project = '', ...rest] = fixture.split('/');
  const derived = sharedFiles(project).get(rest.join('/'));
  if (derived !== undefined) return derived;
  const own = join(fixturesDir, fixture);
  return existsSync(own) ? readFileSync(own, 'utf8') : null;
}
