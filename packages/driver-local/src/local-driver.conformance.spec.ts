import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDriverConformance } from '@berth/core/testing';
import { LocalDriver } from './local-driver.js';
import { removeKitRunDirsAfterAll } from './testing/kit-run-dirs.js';

// One state root for the suite: drivers the kit re-creates see the same containers, as after a restart.
const home = mkdtempSync(join(tmpdir(), 'berth-local-conformance-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
// Sandboxed, the kit's run directories stay in the container's /tmp; with BERTH_LOCAL_ISOLATION=none (jest's
// fallback without a usable bubblewrap) they land in the host's: remove those this file made.
removeKitRunDirsAfterAll(/^berth-conf-local-(?!-)/);

runDriverConformance('local', () => new LocalDriver({ home }), { image: 'host' });
