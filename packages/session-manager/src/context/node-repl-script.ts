/**
 * The Node.js interpreter behind a JavaScript (and TypeScript, transpiled on the host) context, written into
 * the container and run as `node <file> <delimiter>`. Same requests and framed events as the Python one (see
 * `parseContextEvent`): code runs with `vm` in one persistent context (top-level `var`, `let`, `const` and
 * functions survive), `console` output goes out live, the completion value (a promise awaited) is the run's
 * `text` (`util.inspect`), a throw is the run's `error`. A run is interrupted, its context kept, by `vm`'s own
 * `timeout` (synchronous code), by `<id> interrupt` (a pending promise) and by SIGINT (`breakOnSigint`).
 * `display(obj)` sends a MIME bundle (`_repr_html_`, `_repr_png_`, PNG bytes, or a `{ mime: data }` object).
 * `process.exit(n)` ends the interpreter as it ends `node`: the run answers exit code `n` and the next run starts
 * a fresh interpreter (see `InterpreterContext`).
 */
export const NODE_REPL_SCRIPT = String.raw`'use strict';
const vm = require('node:vm');
const util = require('node:util');
const readline = require('node:readline');
const DELIM = process.argv[2];
if (process.argv[3]) process.chdir(process.argv[3]);
const TEXT_MAX = 256 * 1024;
const TB_MAX = 64 * 1024;
const BUNDLE_MAX = 8 * 1024 * 1024;
const clip = (t, n) => (t.length <= n ? t : t.slice(0, n) + '\n\u2026 (truncated)');
const b64 = (text) => Buffer.from(String(text), 'utf8').toString('base64') || '-';
const emit = (line) => process.stdout.write('\n' + DELIM + line + '\n');
let current = null;
const write = (kind) => (...args) => {
  const text = util.format(...args) + '\n';
  if (current === null) (kind === 'out' ? process.stdout : process.stderr).write(text);
  else emit(current.id + ' ' + kind + ' ' + b64(text));
};
const isPng = (v) => (Buffer.isBuffer(v) || v instanceof Uint8Array) && v.length > 8 &&
  Buffer.from(v.subarray(0, 8)).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
const asData = (v) => (Buffer.isBuffer(v) || v instanceof Uint8Array ? Buffer.from(v).toString('base64') : String(v));
function bundleOf(obj) {
  if (isPng(obj)) return { 'image/png': asData(obj), 'text/plain': '<PNG image, ' + obj.length + ' bytes>' };
  const b = {};
  if (obj && typeof obj === 'object' && !Array.isArray(obj) && Object.keys(obj).length > 0 &&
      Object.keys(obj).every((k) => /^[a-z]+\/[a-z0-9.+-]+$/.test(k))) {
    for (const [k, v] of Object.entries(obj)) b[k] = asData(v);
    return b;
  }
  for (const [mime, name] of [['text/html', '_repr_html_'], ['image/png', '_repr_png_'], ['image/svg+xml', '_repr_svg_'], ['text/markdown', '_repr_markdown_']]) {
    if (obj && typeof obj[name] === 'function') {
      try { const v = obj[name](); if (v !== undefined && v !== null) b[mime] = asData(v); } catch { /* skipped */ }
    }
  }
  b['text/plain'] = util.inspect(obj);
  return b;
}
const isRich = (v) => isPng(v) || (v !== null && v !== undefined &&
  ['_repr_html_', '_repr_png_', '_repr_svg_', '_repr_markdown_'].some((n) => typeof v[n] === 'function'));
function sendBundle(b) {
  if (current === null) return;
  let size = 0;
  for (const v of Object.values(b)) size += v.length;
  if (size > BUNDLE_MAX) b = { 'text/plain': '<display output of ' + size + ' characters dropped: over ' + BUNDLE_MAX + '>' };
  emit(current.id + ' display ' + Object.entries(b).map(([k, v]) => k + '=' + b64(v)).join(' '));
}
function display(...objs) { for (const o of objs) sendBundle(bundleOf(o)); }
const capture = { log: write('out'), info: write('out'), debug: write('out'), warn: write('err'), error: write('err'),
  dir: (o) => write('out')(util.inspect(o)) };
const exportsObject = {};
const sandbox = { console: capture, display, require, process, Buffer, URL, URLSearchParams, TextEncoder, TextDecoder,
  setTimeout, clearTimeout, setInterval, clearInterval, setImmediate, clearImmediate, queueMicrotask, structuredClone,
  fetch: globalThis.fetch, AbortController, exports: exportsObject, module: { exports: exportsObject } };
const ctx = vm.createContext(sandbox);
process.on('SIGINT', () => { if (current !== null && current.interrupt) current.interrupt(); });
class Interrupted extends Error {}
Object.defineProperty(Interrupted.prototype, 'name', { value: 'KeyboardInterrupt' });
let chain = Promise.resolve();
emit('ready ' + process.pid);
const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const parts = line.trim().split(' ');
  if (parts.length === 2 && parts[1] === 'interrupt') {
    if (current !== null && current.id === parts[0] && current.interrupt) current.interrupt();
    return;
  }
  if (parts.length !== 4 || parts[1] !== 'run') return;
  const [id, , timeout, payload] = parts;
  chain = chain.then(() => runOne(id, Number(timeout), payload === '-' ? '' : Buffer.from(payload, 'base64').toString('utf8')));
});
async function runOne(id, timeoutMs, code) {
  current = { id, interrupt: null };
  const interrupted = new Promise((_, reject) => { current.interrupt = () => reject(new Interrupted('interrupted')); });
  interrupted.catch(() => undefined);
  let exitCode = 0; let text = null; let error = null;
  try {
    let value = vm.runInContext(code, ctx, { filename: '<cell-' + id + '>', timeout: timeoutMs > 0 ? timeoutMs : undefined, breakOnSigint: true });
    if (value && typeof value.then === 'function') value = await Promise.race([value, interrupted]);
    if (value !== undefined) {
      ctx._ = value;
      text = clip(util.inspect(value), TEXT_MAX);
      if (isRich(value)) display(value);
    }
  } catch (e) {
    let name = e && e.name ? String(e.name) : 'Error';
    const timedOut = e && (e.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT' || e.code === 'ERR_SCRIPT_EXECUTION_INTERRUPTED');
    if (timedOut) name = 'KeyboardInterrupt';
    const message = e && e.message !== undefined ? String(e.message) : String(e);
    const stack = e && e.stack ? String(e.stack) : name + ': ' + message;
    error = { name, value: clip(message, TB_MAX), traceback: clip(stack, TB_MAX) };
    emit(id + ' err ' + b64(stack + '\n'));
    exitCode = timedOut || e instanceof Interrupted ? 130 : 1;
  }
  current = null;
  const fields = [text === null ? '-' : b64(text)].concat(error === null ? ['-', '-', '-'] : [b64(error.name), b64(error.value), b64(error.traceback)]);
  emit(id + ' done ' + exitCode + ' ' + fields.join(' '));
}
rl.on('close', () => { chain.then(() => process.exit(0)); });
`;
