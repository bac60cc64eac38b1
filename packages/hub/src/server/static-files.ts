import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * The dashboard's Content-Security-Policy: scripts, styles and connections (the WebSocket) to the hub's own
 * origin only; no inline scripts, no framing.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Serves one file of the built dashboard: `/` is `index.html`, `/assets/*` are Vite's hashed assets
 * (cached for a year). Paths leaving the folder, dot-files and folders are 404.
 *
 * @returns `true` when it answered (file or 404 for a missing asset), `false` when `path` is not a dashboard path.
 */
export async function serveDashboard(
  dir: string,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const isIndex = path === '/' || path === '/index.html';
  if (!isIndex && !path.startsWith('/assets/')) return false;
  const relative = isIndex ? 'index.html' : decodeSafe(path.slice(1));
  const file = relative === null ? null : inside(dir, relative);
  const info = file === null ? null : await stat(file).catch(() => null);
  if (file === null || info === null || !info.isFile()) {
    const body = isIndex
      ? 'The dashboard is not built: run `npm run build` (or `npm run build:dashboard -w @berth/hub`).\n'
      : 'not found\n';
    res.writeHead(isIndex ? 503 : 404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(body);
    return true;
  }
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': info.size,
    'cache-control': isIndex ? 'no-cache' : 'public, max-age=31536000, immutable',
    'content-security-policy': DASHBOARD_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
  });
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
  return true;
}

function decodeSafe(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

/** The absolute path of `relative` inside `dir`, or `null` when it escapes it or names a dot-file. */
function inside(dir: string, relative: string): string | null {
  if (relative.includes('\0')) return null;
  const root = normalize(dir);
  const full = normalize(join(root, relative));
  if (!full.startsWith(root + sep)) return null;
  if (
    full
      .slice(root.length)
      .split(sep)
      .some((part) => part.startsWith('.'))
  )
    return null;
  return full;
}
