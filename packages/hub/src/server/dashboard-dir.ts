import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where `npm run build` puts the dashboard: `packages/hub/dist/dashboard`. The same path from the sources
 * (`src/server`, under jest) and from the build (`dist/server`).
 */
export const DEFAULT_DASHBOARD_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'dashboard');
