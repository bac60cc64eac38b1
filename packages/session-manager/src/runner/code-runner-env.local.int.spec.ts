import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDriver } from '@berth/driver-local';
import { afterAll } from '@jest/globals';
import { runCodeRunnerEnvScenarios } from '../testing/code-runner-env-scenarios.js';

const home = mkdtempSync(join(tmpdir(), 'berth-runner-env-local-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

runCodeRunnerEnvScenarios('local', () => new LocalDriver({ home }));
