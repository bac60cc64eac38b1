import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDriverConformance } from '@berth/core/testing';
import { LocalDriver } from './local-driver.js';

// One state root for the suite: drivers the kit re-creates see the same containers, as after a restart.
const home = mkdtempSync(join(tmpdir(), 'berth-local-conformance-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

runDriverConformance('local', () => new LocalDriver({ home }), { image: 'host' });
