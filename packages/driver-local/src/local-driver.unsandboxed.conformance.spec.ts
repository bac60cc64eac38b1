import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDriverConformance } from '@berth/core/testing';
import { LocalDriver } from './local-driver.js';

// The opt-out of the sandbox (isolation: 'none', for hosts without a usable bubblewrap) is still a driver: the
// whole kit, with the isolation-gated cases left out (it declares capabilities.isolation 'none').
const home = mkdtempSync(join(tmpdir(), 'berth-local-unsandboxed-conformance-'));

// Unsandboxed, the kit's in-container paths (`/tmp/berth-conf-<run>/…`, e.g. health-check markers) are the host's
// own /tmp: remove the run directories this file made (those present before belong to someone else).
const KIT_DIR = /^berth-conf-local--isolation--none--/;
const kitDirs = (): string[] => readdirSync('/tmp').filter((name) => KIT_DIR.test(name));
const before = new Set(kitDirs());
afterAll(() => {
  rmSync(home, { recursive: true, force: true });
  for (const name of kitDirs()) if (!before.has(name)) rmSync(join('/tmp', name), { recursive: true, force: true });
});

runDriverConformance('local (isolation: none)', () => new LocalDriver({ home, isolation: 'none' }), { image: 'host' });
