#!/usr/bin/env node
// Launcher of the `berth` CLI. It lives outside dist/ so npm links it at install time, before the first build;
// the CLI itself is compiled to dist/esm/cli/main.js by `npm run build` (or `npm start`).
import { existsSync } from 'node:fs';

const main = new URL('../dist/esm/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('berth: the CLI is not built yet; run `npm run build` (or `npm start`) first\n');
  process.exit(2);
}
await import(main.href);
