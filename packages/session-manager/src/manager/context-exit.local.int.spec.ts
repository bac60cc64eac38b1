import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDriver } from '@berth/driver-local';
import { afterAll } from '@jest/globals';
import { runContextExitScenarios } from '../testing/context-exit-scenarios.js';

const home = mkdtempSync(join(tmpdir(), 'berth-ctx-exit-local-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

runContextExitScenarios('local', () => new LocalDriver({ home }));
