import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDriver } from '@berth/driver-local';
import { runSessionScenarios } from '../testing/session-scenarios.js';

const home = mkdtempSync(join(tmpdir(), 'berth-sm-local-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

runSessionScenarios('local', () => new LocalDriver({ home }), { poolImage: 'host' });
