import { MAX_ARG_STRING_BYTES, ValidationError } from '@berth/core';
import { CONTAINER_ID_ENV } from './host-env.js';

/**
 * `PATH` of the privileged steps before a container's command (the cgroup wrapper, `prlimit`, `bwrap`, `nsenter`,
 * the `cd` wrapper, `setpriv`): the system directories only, which a container cannot write (read-only host binds).
 */
export const WRAPPER_PATH = '/usr/sbin:/usr/bin:/sbin:/bin';

/** Prefix of the variables that carry the container's environment past the privileged steps. */
export const ENV_CARRIER_PREFIX = 'BERTH_ENV_';

/** A name the last step can `export` (a POSIX shell name). */
const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The last step before the command (after `setpriv`: capabilities dropped, user switched): `$1` is the number `n` of
 * carriers; it takes `BERTH_ENV_0` … `BERTH_ENV_<n-1>` (each a `NAME=value`) into its arguments, unsets them, then
 * exports each `NAME=value` and execs the rest — so the command runs with the container's environment, with `PATH`
 * lookup in the container's `PATH`. No variable of its own survives: after the carriers are unset the loop works on
 * its arguments only (a container variable named `i` or `BERTH_ENV_3` is exported like any other).
 */
const APPLY_ENV_SCRIPT =
  'i=$1; shift; set -- -- "$@"; ' +
  'while [ "$i" -gt 0 ]; do i=$((i-1)); eval "set -- \\"\\$BERTH_ENV_$i\\" \\"\\$@\\"; unset BERTH_ENV_$i"; done; ' +
  'unset i; while [ "$1" != -- ]; do export "$1" || exit 126; shift; done; shift; exec "$@"';

/** How a container process's environment is split: what the privileged steps run with, and the last step. */
export interface LateEnv {
  /**
   * The environment the process is spawned with: `PATH` ({@link WRAPPER_PATH}), the container id marker and the
   * carriers `BERTH_ENV_<i>=NAME=value` — no variable of the container under its own name, so nothing the loader
   * (`LD_PRELOAD`, `LD_LIBRARY_PATH`, `LD_AUDIT`, `GCONV_PATH`, `GLIBC_TUNABLES` …) or a shell (`ENV`, `IFS`, `PATH`)
   * reads comes from the container while the privileged steps run.
   */
  env: Record<string, string>;
  /** argv to put right before the command, after the privilege drop: `/bin/sh -c <apply> berth-env <n>`. */
  prefix: string[];
}

/**
 * Checks that every name of `env` can be applied by the last step (a POSIX shell name: letters, digits and `_`, not
 * starting with a digit — the host's `/bin/sh` drops any other name) and that each carried entry fits in one
 * `execve` string.
 *
 * @param env - a container's or an exec's environment.
 * @param field - the field named in errors (`env`).
 * @throws ValidationError naming `<field>.<NAME>` for each name it cannot pass on.
 */
export function validateLateEnv(env: Record<string, string> | undefined, field = 'env'): void {
  const issues: { path: string; message: string }[] = [];
  for (const [name, value] of Object.entries(env ?? {})) {
    if (!SHELL_NAME.test(name)) {
      issues.push({
        path: `${field}.${name}`,
        message:
          'the local driver passes only shell variable names (letters, digits and _, not starting with a digit); rename it',
      });
    } else if (carrierBytes(name, value) > MAX_ARG_STRING_BYTES) {
      issues.push({
        path: `${field}.${name}`,
        message: `NAME=value plus the local driver's ${ENV_CARRIER_PREFIX}<n>= prefix is larger than MAX_ARG_STRING_BYTES (${MAX_ARG_STRING_BYTES} bytes)`,
      });
    }
  }
  if (issues.length > 0) throw new ValidationError(issues, {}, 'container spec');
}

/** Bytes of `BERTH_ENV_<n>=NAME=value` and its NUL, with the longest `<n>` a container can have (4 digits). */
function carrierBytes(name: string, value: string): number {
  return Buffer.byteLength(`${ENV_CARRIER_PREFIX}0000=${name}=${value}`) + 1;
}

/**
 * Splits a container process's full environment (see `containerEnv`) so that it applies to the container's command
 * only: the privileged steps before it see {@link LateEnv.env}, and {@link LateEnv.prefix}, placed after `setpriv`,
 * exports the container's variables and execs the command.
 *
 * @throws ValidationError as {@link validateLateEnv}.
 */
export function lateEnv(env: Record<string, string>, field = 'env'): LateEnv {
  const marker = env[CONTAINER_ID_ENV];
  const carried = Object.entries(env).filter(([name]) => name !== CONTAINER_ID_ENV);
  validateLateEnv(Object.fromEntries(carried), field);
  const out: Record<string, string> = { PATH: WRAPPER_PATH };
  if (marker !== undefined) out[CONTAINER_ID_ENV] = marker;
  for (const [i, [name, value]] of carried.entries()) out[`${ENV_CARRIER_PREFIX}${i}`] = `${name}=${value}`;
  return { env: out, prefix: ['/bin/sh', '-c', APPLY_ENV_SCRIPT, 'berth-env', String(carried.length)] };
}
