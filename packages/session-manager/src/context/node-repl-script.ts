/**
 * The Node.js interpreter behind a JavaScript context, written into the container and run as
 * `node <file> <delimiter>`. Same line protocol as {@link PYTHON_REPL_SCRIPT}; code runs with `vm` in one
 * persistent context (top-level `var`, `let`, `const` and functions survive between runs), `console` is
 * captured per request, a returned promise is awaited, and a non-undefined completion value is printed with
 * `util.inspect`.
 */
export const NODE_REPL_SCRIPT = String.raw`'use strict';
const vm = require('node:vm');
const util = require('node:util');
const readline = require('node:readline');
const DELIM = process.argv[2];
let out = [];
let err = [];
const fmt = (args) => util.format(...args) + '\n';
const toOut = (...a) => { out.push(fmt(a)); };
const toErr = (...a) => { err.push(fmt(a)); };
const capture = { log: toOut, info: toOut, debug: toOut, warn: toErr, error: toErr,
  dir: (o) => { out.push(util.inspect(o) + '\n'); } };
const sandbox = { console: capture, require, process, Buffer, URL, TextEncoder, TextDecoder,
  setTimeout, clearTimeout, setInterval, clearInterval, setImmediate, clearImmediate, queueMicrotask, structuredClone };
const ctx = vm.createContext(sandbox);
const reply = (line) => process.stdout.write('\n' + DELIM + line + '\n');
const b64 = (text) => Buffer.from(text, 'utf8').toString('base64') || '-';
let chain = Promise.resolve();
reply('ready');
const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  if (!line.trim()) return;
  chain = chain.then(async () => {
    const space = line.indexOf(' ');
    const id = line.slice(0, space);
    const code = Buffer.from(line.slice(space + 1), 'base64').toString('utf8');
    out = []; err = [];
    let exitCode = 0;
    try {
      let value = vm.runInContext(code, ctx, { filename: '<context>' });
      if (value && typeof value.then === 'function') value = await value;
      if (value !== undefined) out.push(util.inspect(value) + '\n');
    } catch (e) {
      err.push((e && e.stack) ? String(e.stack) + '\n' : String(e) + '\n');
      exitCode = 1;
    }
    reply(id + ' ' + exitCode + ' ' + b64(out.join('')) + ' ' + b64(err.join('')));
  });
});
rl.on('close', () => { chain.then(() => process.exit(0)); });
`;
