import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDriverConformance } from '@berth/core/testing';
import { LocalDriver } from './local-driver.js';

// The opt-out of the sandbox (isolation: 'none', for hosts without a usable bubblewrap) is still a driver: the
// whole kit, with the isolation-gated cases left out (it declares capabilities.isolation 'none').
const home = mkdtempSync(join(tmpdir(), 'berth-local-unsandboxed-conformance-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

runDriverConformance('local (isolation: none)', () => new LocalDriver({ home, isolation: 'none' }), { image: 'host' });
