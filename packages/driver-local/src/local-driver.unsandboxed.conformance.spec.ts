import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDriverConformance } from '@berth/core/testing';
import { LocalDriver } from './local-driver.js';
import { removeKitRunDirsAfterAll } from './testing/kit-run-dirs.js';

// The opt-out of the sandbox (isolation: 'none', for hosts without a usable bubblewrap) is still a driver: the
// whole kit, with the isolation-gated cases left out (it declares capabilities.isolation 'none').
const home = mkdtempSync(join(tmpdir(), 'berth-local-unsandboxed-conformance-'));

afterAll(() => rmSync(home, { recursive: true, force: true }));
// Unsandboxed, the kit's in-container paths (`/tmp/berth-conf-<run>/…`, e.g. health-check markers) are the host's
// own /tmp: remove the run directories this file made.
removeKitRunDirsAfterAll(/^berth-conf-local--isolation--none--/);

runDriverConformance('local (isolation: none)', () => new LocalDriver({ home, isolation: 'none' }), { image: 'host' });
