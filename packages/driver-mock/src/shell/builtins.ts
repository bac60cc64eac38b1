import { FsError } from '../fs/fs-error.js';
import { resolvePath } from '../fs/posix-path.js';
import { type Builtin, type BuiltinContext, ExitRequest } from './builtin-context.js';
import { FILE_BUILTINS } from './file-builtins.js';
import { concatBytes, utf8 } from './shell-io.js';

const print = (ctx: BuiltinContext, text: string): void => ctx.io.stdout(utf8(text));
const fail = (ctx: BuiltinContext, text: string, code = 1): number => {
  ctx.io.stderr(utf8(`${text}\n`));
  return code;
};

const SLEEP_UNITS: Record<string, number> = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `sleep N[smhd]…` (fractions allowed) or `sleep infinity`. */
const sleep: Builtin = async (ctx) => {
  if (ctx.args.length === 0) return fail(ctx, 'sleep: missing operand');
  let total = 0;
  for (const arg of ctx.args) {
    if (arg === 'infinity' || arg === 'inf') {
      total = Number.POSITIVE_INFINITY;
      continue;
    }
    const match = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(arg);
    if (match === null) return fail(ctx, `sleep: invalid number '${arg}'`);
    total += Number(match[1]) * (SLEEP_UNITS[match[2] ?? ''] ?? 1000);
  }
  await ctx.sleep(total);
  return 0;
};

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', a: '\x07', b: '\b', '0': '\0' };

/** `echo [-neE] args…`. */
const echo: Builtin = (ctx) => {
  let newline = true;
  let escapes = false;
  let args = ctx.args;
  while (args.length > 0 && /^-[neE]+$/.test(args[0] ?? '')) {
    const flags = args[0] ?? '';
    if (flags.includes('n')) newline = false;
    if (flags.includes('e')) escapes = true;
    if (flags.includes('E')) escapes = false;
    args = args.slice(1);
  }
  let text = args.join(' ');
  if (escapes) text = text.replace(/\\([ntrab0\\])/g, (_, c: string) => ESCAPES[c] ?? c);
  print(ctx, newline ? `${text}\n` : text);
  return 0;
};

/** `printenv [NAME…]`: exit 1 when a name is unset. */
const printenv: Builtin = (ctx) => {
  if (ctx.args.length === 0) {
    for (const [k, v] of ctx.state.env) print(ctx, `${k}=${v}\n`);
    return 0;
  }
  let status = 0;
  for (const name of ctx.args) {
    const value = ctx.state.env.get(name);
    if (value === undefined) status = 1;
    else print(ctx, `${value}\n`);
  }
  return status;
};

/** `env`: prints every variable. */
const env: Builtin = (ctx) => {
  for (const [k, v] of ctx.state.env) print(ctx, `${k}=${v}\n`);
  return 0;
};

/** `cat [FILE|-]…`: without files copies stdin to stdout as it arrives. */
const cat: Builtin = async (ctx) => {
  const files = ctx.args.length === 0 ? ['-'] : ctx.args;
  let status = 0;
  for (const file of files) {
    if (file === '-') {
      for (let chunk = await ctx.read(); chunk !== null; chunk = await ctx.read()) ctx.io.stdout(chunk);
      continue;
    }
    try {
      ctx.io.stdout(ctx.fs.read(file, ctx.state.cwd));
    } catch (err) {
      status = fail(ctx, `cat: can't open '${file}': ${err instanceof FsError ? err.reason : String(err)}`);
    }
  }
  return status;
};

/** `seq [FIRST [INCR]] LAST`. */
const seq: Builtin = (ctx) => {
  const nums = ctx.args.map(Number);
  if (nums.length === 0 || nums.length > 3 || nums.some((n) => !Number.isFinite(n))) {
    return fail(ctx, `seq: invalid argument '${ctx.args.join(' ')}'`);
  }
  const [first, incr, last] =
    nums.length === 1
      ? [1, 1, nums[0] ?? 1]
      : nums.length === 2
        ? [nums[0] ?? 1, 1, nums[1] ?? 1]
        : (nums as [number, number, number]);
  if (incr === 0) return fail(ctx, 'seq: zero increment');
  const lines: string[] = [];
  for (let n = first; incr > 0 ? n <= last : n >= last; n += incr) lines.push(String(n));
  if (lines.length > 0) print(ctx, `${lines.join('\n')}\n`);
  return 0;
};

/** `exit [N]`. */
const exit: Builtin = (ctx) => {
  const code = ctx.args[0] === undefined ? ctx.state.lastStatus : Number(ctx.args[0]);
  throw new ExitRequest(Number.isInteger(code) ? ((code % 256) + 256) % 256 : 2);
};

/** `trap ACTION SIGNAL…` for TERM (`''` ignores, `-` restores). Other signals are accepted and ignored. */
const trap: Builtin = (ctx) => {
  const [action, ...signals] = ctx.args;
  if (action === undefined) return 0;
  if (signals.some((s) => ['TERM', 'SIGTERM', '15'].includes(s.toUpperCase()))) {
    ctx.trapTerm(action === '-' ? null : action);
  }
  return 0;
};

/** `sh -c SCRIPT [NAME [ARGS…]]` (also `bash`). */
const sh: Builtin = async (ctx) => {
  const index = ctx.args.indexOf('-c');
  if (index < 0) {
    // `sh` reading a script from stdin.
    const chunks: Uint8Array[] = [];
    for (let chunk = await ctx.read(); chunk !== null; chunk = await ctx.read()) chunks.push(chunk);
    return ctx.runScript(new TextDecoder().decode(concatBytes(chunks)), ['sh']);
  }
  const script = ctx.args[index + 1];
  if (script === undefined) return fail(ctx, 'sh: -c requires an argument', 2);
  const rest = ctx.args.slice(index + 2);
  return ctx.runScript(script, rest.length > 0 ? rest : ['sh']);
};

/** `export NAME=value…`. */
const exportVars: Builtin = (ctx) => {
  for (const arg of ctx.args) {
    const eq = arg.indexOf('=');
    if (eq > 0) ctx.state.env.set(arg.slice(0, eq), arg.slice(eq + 1));
  }
  return 0;
};

/** `cd [DIR]`. */
const cd: Builtin = (ctx) => {
  const target = resolvePath(ctx.args[0] ?? ctx.state.env.get('HOME') ?? '/', ctx.state.cwd);
  if (!ctx.fs.isDirectory(target)) return fail(ctx, `sh: cd: can't cd to ${ctx.args[0] ?? target}`, 2);
  ctx.state.cwd = target;
  return 0;
};

/** Runs `op` for each non-flag argument, printing `name: path: reason` on filesystem errors. */
function eachPath(name: string, op: (ctx: BuiltinContext, path: string, flags: string) => void): Builtin {
  return (ctx) => {
    const flags = ctx.args.filter((a) => a.startsWith('-')).join('');
    let status = 0;
    for (const path of ctx.args.filter((a) => !a.startsWith('-'))) {
      try {
        op(ctx, path, flags);
      } catch (err) {
        if (!(err instanceof FsError)) throw err;
        if (!(name === 'rm' && flags.includes('f') && err.code === 'ENOENT'))
          status = fail(ctx, `${name}: ${path}: ${err.reason}`);
      }
    }
    return status;
  };
}

const mkdir = eachPath('mkdir', (ctx, path, flags) => ctx.fs.mkdir(path, flags.includes('p'), ctx.state.cwd));
const rm = eachPath('rm', (ctx, path, flags) => ctx.fs.remove(path, /[rR]/.test(flags), ctx.state.cwd));
const touch = eachPath('touch', (ctx, path) => {
  if (!ctx.fs.isFile(path, ctx.state.cwd)) ctx.fs.write(path, new Uint8Array(0), {}, ctx.state.cwd);
});

/** `ls [DIR|FILE…]`: one name per line. */
const ls: Builtin = (ctx) => {
  const paths = ctx.args.filter((a) => !a.startsWith('-'));
  let status = 0;
  for (const path of paths.length === 0 ? ['.'] : paths) {
    if (ctx.fs.isFile(path, ctx.state.cwd)) {
      print(ctx, `${path}\n`);
      continue;
    }
    try {
      const names = ctx.fs.list(path, ctx.state.cwd);
      if (names.length > 0) print(ctx, `${names.join('\n')}\n`);
    } catch (err) {
      status = fail(ctx, `ls: ${path}: ${err instanceof FsError ? err.reason : String(err)}`);
    }
  }
  return status;
};

/**
 * The mini shell's commands: the conformance-kit vocabulary (`sleep`, `echo`, `true`, `false`, `pwd`,
 * `printenv`, `cat`, `seq`, `sh -c`, `exit`, `trap`, `test`/`[`, `stat -c %a`, `chmod`, `ln -s`, `dd`
 * as memory hog and disk filler, `md5sum /dev/zero` as CPU burner, and pipelines as the fork bomb) plus
 * a few conveniences (`env`, `export`, `cd`, `mkdir`, `rm`, `touch`, `ls`, `:`).
 */
export const BUILTINS: ReadonlyMap<string, Builtin> = new Map<string, Builtin>([
  ['sleep', sleep],
  ['echo', echo],
  ['true', () => 0],
  [':', () => 0],
  ['false', () => 1],
  [
    'pwd',
    (ctx) => {
      print(ctx, `${ctx.state.cwd}\n`);
      return 0;
    },
  ],
  ['printenv', printenv],
  ['env', env],
  ['cat', cat],
  ['seq', seq],
  ['exit', exit],
  ['trap', trap],
  ['sh', sh],
  ['bash', sh],
  ['export', exportVars],
  ['cd', cd],
  ['mkdir', mkdir],
  ['rm', rm],
  ['touch', touch],
  ['ls', ls],
  ...FILE_BUILTINS,
]);
