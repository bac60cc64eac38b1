import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dashboardDirFrom } from './dashboard-dir-from.js';

/**
 * Where `npm run build` puts the dashboard: `packages/hub/dist/dashboard`. The same path from the sources
 * (`src/server`, under jest) and from the builds (`dist/esm/server`; `dashboard-dir-cjs.cts` for CommonJS).
 */
export const DEFAULT_DASHBOARD_DIR = dashboardDirFrom(dirname(fileURLToPath(import.meta.url)));
