import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDriver } from '@berth/driver-local';
import { runContextNotebookScenarios } from '../testing/context-notebook-scenarios.js';

const home = mkdtempSync(join(tmpdir(), 'berth-nb-local-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

runContextNotebookScenarios('local', () => new LocalDriver({ home }));
