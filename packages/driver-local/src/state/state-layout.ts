import { join } from 'node:path';

/**
 * Paths inside the state root (`BERTH_HOME`, default `~/.berth/local`):
 *
 * ```
 * <home>/containers/<id>/container.json   metadata (spec, labels, created/started times), atomic writes
 * <home>/containers/<id>/rootfs/          the container's file tree (working dir, putFiles, volume links)
 * <home>/containers/<id>/logs.jsonl       stdout/stderr, one JSON record per line
 * <home>/containers/<id>/run/launch.json  what the supervisor runs (argv, env, cwd, cgroups)
 * <home>/containers/<id>/run/state.json   written by the supervisor: pids and their start times
 * <home>/containers/<id>/run/exit.json    written by the supervisor: exit code, signal, OOM
 * <home>/volumes/<name>/volume.json       volume metadata; data in <home>/volumes/<name>/data
 * <home>/networks/<id>.json               logical networks
 * <home>/supervisor-<version>.cjs         the supervisor script
 * ```
 */
export class StateLayout {
  /** @param home - the state root. */
  constructor(readonly home: string) {}

  /** Directory holding every container. */
  get containersDir(): string {
    return join(this.home, 'containers');
  }
  /** Directory holding every volume. */
  get volumesDir(): string {
    return join(this.home, 'volumes');
  }
  /** Directory holding every network. */
  get networksDir(): string {
    return join(this.home, 'networks');
  }
  /** A container's directory. */
  containerDir(id: string): string {
    return join(this.containersDir, id);
  }
  /** A container's metadata file. */
  containerFile(id: string): string {
    return join(this.containerDir(id), 'container.json');
  }
  /** A container's file tree. */
  rootfs(id: string): string {
    return join(this.containerDir(id), 'rootfs');
  }
  /** A container's log file. */
  logFile(id: string): string {
    return join(this.containerDir(id), 'logs.jsonl');
  }
  /** A container's run directory (supervisor files). */
  runDir(id: string): string {
    return join(this.containerDir(id), 'run');
  }
  /** Launch description for the supervisor. */
  launchFile(id: string): string {
    return join(this.runDir(id), 'launch.json');
  }
  /** Supervisor-written run state. */
  stateFile(id: string): string {
    return join(this.runDir(id), 'state.json');
  }
  /** Supervisor-written exit status. */
  exitFile(id: string): string {
    return join(this.runDir(id), 'exit.json');
  }
  /** A volume's directory. */
  volumeDir(name: string): string {
    return join(this.volumesDir, name);
  }
  /** A volume's data directory (what containers see). */
  volumeData(name: string): string {
    return join(this.volumeDir(name), 'data');
  }
  /** A volume's metadata file. */
  volumeFile(name: string): string {
    return join(this.volumeDir(name), 'volume.json');
  }
  /** A network's metadata file. */
  networkFile(id: string): string {
    return join(this.networksDir, `${id}.json`);
  }
}
