/** Env variable that marks every process of a container (used to find escaped processes). */
export const CONTAINER_ID_ENV = 'BERTH_CONTAINER_ID';

/** `PATH` every container starts with (a spec's `env.PATH` replaces it). */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The environment of a container process: a minimal baseline (`PATH`, `HOME`, `HOSTNAME`, `LANG`,
 * `BERTH_CONTAINER_ID`) plus the spec's env. Nothing of the driver's own environment leaks in.
 */
export function containerEnv(
  id: string,
  home: string,
  specEnv: Record<string, string> | undefined,
  execEnv?: Record<string, string>,
): Record<string, string> {
  return {
    PATH: DEFAULT_PATH,
    HOME: home,
    HOSTNAME: id.slice(0, 12),
    LANG: 'C.UTF-8',
    ...specEnv,
    ...execEnv,
    [CONTAINER_ID_ENV]: id,
  };
}
