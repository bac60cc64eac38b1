import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dashboardDirFrom } from './dashboard-dir-from.js';

/**
 * Where `npm run build` puts the dashboard: `packages/hub/dist/dashboard`. The same path from the sources
 * (`src/server`, under jest) and from the builds (`dist/esm/server`; `dashboard-dir-cjs.cts` for CommonJS).
 */
export const DEFAULT_DASHBOARD_DIR = dashboardDirFrom(
  // tshy's CommonJS pass type-checks this file too (then ships dashboard-dir-cjs.cts in its place), where
  // `import.meta` is an error; the ESM pass has none, so @ts-expect-error would fail there.
  // biome-ignore lint/suspicious/noTsIgnore: an error in one of the two builds only
  // @ts-ignore
  dirname(fileURLToPath(import.meta.url)),
);
