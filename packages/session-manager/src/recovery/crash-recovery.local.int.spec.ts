import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDriver } from '@berth/driver-local';
import { runCrashRecoveryScenario } from '../testing/crash-recovery-scenario.js';

const home = mkdtempSync(join(tmpdir(), 'berth-sm-crash-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

runCrashRecoveryScenario('local', () => new LocalDriver({ home }), { driver: 'local', home, image: 'host' });
