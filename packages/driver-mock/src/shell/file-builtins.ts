import { createHash } from 'node:crypto';
import { FsError } from '../fs/fs-error.js';
import type { Builtin, BuiltinContext } from './builtin-context.js';
import { utf8 } from './shell-io.js';

const fail = (ctx: BuiltinContext, text: string, code = 1): number => {
  ctx.io.stderr(utf8(`${text}\n`));
  return code;
};
const reasonOf = (err: unknown): string => (err instanceof FsError ? err.reason : String(err));

/** The one source of endless bytes the mini shell knows. */
const DEV_ZERO = '/dev/zero';
const MIB = 1024 * 1024;
/** Most bytes `dd` really writes into the in-memory filesystem, so a script cannot exhaust the host. */
const MAX_DD_WRITE = 64 * MIB;
const SIZE_SUFFIX: Record<string, number> = { '': 1, c: 1, w: 2, b: 512, k: 1024, K: 1024, M: MIB, G: 1024 * MIB };

/** `dd`'s size operand: digits with an optional `c w b k K M G` suffix; `undefined` when malformed. */
function parseSize(text: string | undefined): number | undefined {
  const match = /^(\d+)([cwbkKMG]?)$/.exec(text ?? '');
  if (match === null) return undefined;
  return Number(match[1]) * (SIZE_SUFFIX[match[2] ?? ''] ?? 1);
}

/** Evaluates a `test` expression of one to four words (unary file/string tests, binary comparisons, `!`). */
function evaluate(ctx: BuiltinContext, args: string[]): boolean | string {
  if (args[0] === '!' && args.length > 1) {
    const inner = evaluate(ctx, args.slice(1));
    return typeof inner === 'string' ? inner : !inner;
  }
  if (args.length === 0) return false;
  if (args.length === 1) return (args[0] ?? '') !== '';
  const cwd = ctx.state.cwd;
  if (args.length === 2) {
    const [op, operand = ''] = args;
    switch (op) {
      case '-n':
        return operand !== '';
      case '-z':
        return operand === '';
      case '-e':
        return ctx.fs.isFile(operand, cwd) || ctx.fs.isDirectory(operand, cwd);
      case '-f':
        return ctx.fs.isFile(operand, cwd);
      case '-d':
        return ctx.fs.isDirectory(operand, cwd);
      case '-s':
        return ctx.fs.isFile(operand, cwd) && ctx.fs.read(operand, cwd).length > 0;
      case '-r':
      case '-w':
        return ctx.fs.isFile(operand, cwd) || ctx.fs.isDirectory(operand, cwd);
      case '-x':
        try {
          // As for root: executable when any execute bit is set.
          return (ctx.fs.mode(operand, cwd) & 0o111) !== 0;
        } catch {
          return false;
        }
      default:
        return `test: ${op}: unary operator expected`;
    }
  }
  if (args.length === 3) {
    const [left = '', op, right = ''] = args;
    const numbers = (): [number, number] | undefined => {
      const a = Number(left);
      const b = Number(right);
      return /^-?\d+$/.test(left) && /^-?\d+$/.test(right) ? [a, b] : undefined;
    };
    if (op === '=' || op === '==') return left === right;
    if (op === '!=') return left !== right;
    const pair = numbers();
    const compare: Record<string, (a: number, b: number) => boolean> = {
      '-eq': (a, b) => a === b,
      '-ne': (a, b) => a !== b,
      '-lt': (a, b) => a < b,
      '-le': (a, b) => a <= b,
      '-gt': (a, b) => a > b,
      '-ge': (a, b) => a >= b,
    };
    const fn = op === undefined ? undefined : compare[op];
    if (fn === undefined) return `test: ${op ?? ''}: binary operator expected`;
    if (pair === undefined) return `test: ${left} ${right}: integer expression expected`;
    return fn(pair[0], pair[1]);
  }
  return 'test: too many arguments';
}

/** `test EXPR` and `[ EXPR ]`: exit 0 when true, 1 when false, 2 on a malformed expression. */
function testBuiltin(bracket: boolean): Builtin {
  return (ctx) => {
    let args = ctx.args;
    if (bracket) {
      if (args[args.length - 1] !== ']') return fail(ctx, "[: missing ']'", 2);
      args = args.slice(0, -1);
    }
    const result = evaluate(ctx, args);
    if (typeof result === 'string') return fail(ctx, result, 2);
    return result ? 0 : 1;
  };
}

/** `stat -c FORMAT FILE…` with `%a` (octal mode), `%s` (size), `%n` (name) and `%%`. */
const stat: Builtin = (ctx) => {
  const index = ctx.args.indexOf('-c');
  const format = index >= 0 ? ctx.args[index + 1] : undefined;
  const files = ctx.args.filter((_, i) => i !== index && i !== index + 1);
  if (format === undefined || files.length === 0) return fail(ctx, 'stat: usage: stat -c FORMAT FILE…');
  let status = 0;
  for (const file of files) {
    try {
      const mode = ctx.fs.mode(file, ctx.state.cwd);
      const size = ctx.fs.isFile(file, ctx.state.cwd) ? ctx.fs.read(file, ctx.state.cwd).length : 4096;
      const text = format.replace(/%([asn%])/g, (_, c: string) =>
        c === 'a' ? mode.toString(8) : c === 's' ? String(size) : c === 'n' ? file : '%',
      );
      ctx.io.stdout(utf8(`${text}\n`));
    } catch (err) {
      status = fail(ctx, `stat: can't stat '${file}': ${reasonOf(err)}`);
    }
  }
  return status;
};

/** `chmod OCTAL FILE…`. */
const chmod: Builtin = (ctx) => {
  const [mode, ...files] = ctx.args;
  if (mode === undefined || !/^[0-7]{1,4}$/.test(mode) || files.length === 0)
    return fail(ctx, 'chmod: usage: chmod OCTAL-MODE FILE…');
  let status = 0;
  for (const file of files) {
    try {
      ctx.fs.chmod(file, Number.parseInt(mode, 8), ctx.state.cwd);
    } catch (err) {
      status = fail(ctx, `chmod: ${file}: ${reasonOf(err)}`);
    }
  }
  return status;
};

/** `ln -s TARGET LINK` (symbolic links only). */
const ln: Builtin = (ctx) => {
  const rest = ctx.args.filter((a) => a !== '-s' && a !== '-sf' && a !== '-fs');
  if (!ctx.args.some((a) => /^-[fs]*s[fs]*$/.test(a)) || rest.length !== 2)
    return fail(ctx, 'ln: only ln -s TARGET LINK is supported');
  const [target = '', link = ''] = rest;
  try {
    if (ctx.args.some((a) => a.includes('f')) && ctx.fs.isFile(link, ctx.state.cwd))
      ctx.fs.remove(link, false, ctx.state.cwd);
    ctx.fs.symlink(target, link, ctx.state.cwd);
    return 0;
  } catch (err) {
    return fail(ctx, `ln: ${link}: ${reasonOf(err)}`);
  }
};

/**
 * `dd if=FILE of=FILE bs=N count=N`: the kit's memory hog and disk filler. It holds one `bs`-byte buffer
 * (over the memory limit: OOM-killed, 137) and writes `bs × count` bytes (over the disk limit: `No space
 * left on device`, 1). `if=/dev/zero` reads zeros; `of=/dev/null` discards.
 */
const dd: Builtin = async (ctx) => {
  const ops = new Map(ctx.args.map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
  const bs = parseSize(ops.get('bs') ?? '512');
  const count = ops.has('count') ? parseSize(ops.get('count')) : 1;
  if (bs === undefined || count === undefined || bs === 0) return fail(ctx, 'dd: invalid bs or count');
  const source = ops.get('if') ?? DEV_ZERO;
  if (source !== DEV_ZERO) return fail(ctx, 'dd: only if=/dev/zero is supported');
  if (!ctx.kernel.allocate(bs)) return ctx.oomKill();
  const target = ops.get('of');
  const total = bs * count;
  if (target !== undefined && target !== '/dev/null') {
    if (!ctx.kernel.fits(total)) {
      ctx.io.stderr(utf8(`dd: error writing '${target}': No space left on device\n`));
      return 1;
    }
    if (total > MAX_DD_WRITE) return fail(ctx, `dd: the mock writes at most ${MAX_DD_WRITE} bytes`);
    try {
      ctx.fs.write(target, new Uint8Array(total), {}, ctx.state.cwd);
    } catch (err) {
      return fail(ctx, `dd: can't open '${target}': ${reasonOf(err)}`);
    }
  }
  ctx.io.stderr(utf8(`${count}+0 records in\n${count}+0 records out\n`));
  return 0;
};

/** `md5sum FILE…`; `md5sum /dev/zero` is the kit's CPU burner: it never ends and keeps a core busy. */
const md5sum: Builtin = async (ctx) => {
  if (ctx.args.includes(DEV_ZERO)) {
    ctx.kernel.burn(true);
    try {
      await ctx.sleep(Number.POSITIVE_INFINITY);
    } finally {
      ctx.kernel.burn(false);
    }
    return 0;
  }
  let status = 0;
  for (const file of ctx.args) {
    try {
      const digest = createHash('md5').update(ctx.fs.read(file, ctx.state.cwd)).digest('hex');
      ctx.io.stdout(utf8(`${digest}  ${file}\n`));
    } catch (err) {
      status = fail(ctx, `md5sum: ${file}: ${reasonOf(err)}`);
    }
  }
  return status;
};

/** File and resource commands of the kit vocabulary: `test`/`[`, `stat -c`, `chmod`, `ln -s`, `dd`, `md5sum`. */
export const FILE_BUILTINS: ReadonlyMap<string, Builtin> = new Map<string, Builtin>([
  ['test', testBuiltin(false)],
  ['[', testBuiltin(true)],
  ['stat', stat],
  ['chmod', chmod],
  ['ln', ln],
  ['dd', dd],
  ['md5sum', md5sum],
]);
