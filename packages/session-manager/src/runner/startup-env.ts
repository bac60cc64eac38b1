/**
 * Whether a Python interpreter applies the variable `name` as it starts (`PYTHON*`, `LANG`, `LC_*`): a run whose
 * env sets one can be a fork of a runner only when that runner was started with the same value.
 *
 * @example
 * ```ts
 * isStartupEnvName('PYTHONPATH'); // true
 * isStartupEnvName('LANGUAGE'); // false: gettext reads it when it is used
 * ```
 */
export function isStartupEnvName(name: string): boolean {
  return name.startsWith('PYTHON') || name.startsWith('LC_') || name === 'LANG';
}

/**
 * The `PYTHON*` variables a runner started with them carries into its forks exactly as a fresh `python3 <file>`
 * applies them: fixed at start (`sys.path`, the hash seed, stdio, warnings filters, flags, the allocator) and
 * inherited by a fork, or read only when used (`PYTHONBREAKPOINT`, `PYTHONASYNCIODEBUG`, …). Any other `PYTHON*`
 * name (`PYTHONVERBOSE`, `PYTHONPROFILEIMPORTTIME`, `PYTHONINSPECT`, `PYTHONTRACEMALLOC`, `PYTHONMALLOCSTATS`, a
 * name of a newer Python) acts at start-up or exit in a way a fork cannot repeat, so such runs take a fresh
 * interpreter. `LANG` and every `LC_*` are carried too (the locale is set at start and inherited).
 */
export const WARM_PYTHON_ENV: ReadonlySet<string> = new Set([
  'PYTHONPATH',
  'PYTHONHOME',
  'PYTHONPLATLIBDIR',
  'PYTHONSAFEPATH',
  'PYTHONNOUSERSITE',
  'PYTHONUSERBASE',
  'PYTHONHASHSEED',
  'PYTHONIOENCODING',
  'PYTHONUTF8',
  'PYTHONCOERCECLOCALE',
  'PYTHONUNBUFFERED',
  'PYTHONDONTWRITEBYTECODE',
  'PYTHONPYCACHEPREFIX',
  'PYTHONWARNINGS',
  'PYTHONWARNDEFAULTENCODING',
  'PYTHONOPTIMIZE',
  'PYTHONDEVMODE',
  'PYTHONFAULTHANDLER',
  'PYTHONMALLOC',
  'PYTHONINTMAXSTRDIGITS',
  'PYTHONNODEBUGRANGES',
  'PYTHONBREAKPOINT',
  'PYTHONASYNCIODEBUG',
  'PYTHONSTARTUP',
  'PYTHONCASEOK',
  'PYTHON_COLORS',
  'PYTHON_CPU_COUNT',
  'PYTHON_FROZEN_MODULES',
  'PYTHON_GIL',
  'PYTHON_BASIC_REPL',
  'PYTHON_HISTORY',
]);

/**
 * The startup variables of a run's `env` (see {@link isStartupEnvName}), sorted by name, when a warm runner can
 * carry them all ({@link WARM_PYTHON_ENV}, `LANG`, `LC_*`); `undefined` when one of them needs a fresh interpreter.
 * `{}` when it has none.
 *
 * @example
 * ```ts
 * warmStartupEnv({ PYTHONPATH: '/opt/lib', DEBUG: '1' }); // { PYTHONPATH: '/opt/lib' }
 * warmStartupEnv({ PYTHONVERBOSE: '1' }); // undefined
 * ```
 */
export function warmStartupEnv(env: Readonly<Record<string, string>>): Record<string, string> | undefined {
  const names = Object.keys(env).filter(isStartupEnvName).sort();
  if (names.some((n) => n.startsWith('PYTHON') && !WARM_PYTHON_ENV.has(n))) return undefined;
  const startup: Record<string, string> = {};
  for (const name of names) startup[name] = env[name] as string;
  return startup;
}

/**
 * A startup env as the runner's third argument: its `k=v` entries, sorted, NUL-separated, in base64 (`-` for
 * none) — also the key the runners of a container are kept by.
 *
 * @example
 * ```ts
 * encodeStartupEnv({}); // '-'
 * encodeStartupEnv({ LANG: 'C' }); // 'TEFORz1D'
 * ```
 */
export function encodeStartupEnv(startup: Readonly<Record<string, string>>): string {
  const entries = Object.keys(startup)
    .sort()
    .map((k) => `${k}=${startup[k]}`);
  return Buffer.from(entries.join('\0'), 'utf8').toString('base64') || '-';
}
