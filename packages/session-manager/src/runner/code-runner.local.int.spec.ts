import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDriver } from '@berth/driver-local';
import { afterAll } from '@jest/globals';
import { runCodeRunnerScenarios } from '../testing/code-runner-scenarios.js';

const home = mkdtempSync(join(tmpdir(), 'berth-runner-local-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

runCodeRunnerScenarios('local', () => new LocalDriver({ home }));
