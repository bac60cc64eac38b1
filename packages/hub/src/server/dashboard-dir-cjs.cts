import { dashboardDirFrom } from './dashboard-dir-from.js';

/**
 * Where `npm run build` puts the dashboard: `packages/hub/dist/dashboard` (CommonJS build of
 * `dashboard-dir.ts`, which needs `import.meta`).
 */
export const DEFAULT_DASHBOARD_DIR = dashboardDirFrom(__dirname);
