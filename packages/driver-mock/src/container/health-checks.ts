import { EMPTY_INPUT } from '../shell/shell-io.js';
import { type CommandHook, ShellProcess } from '../shell/shell-process.js';
import type { TimerRegistry } from '../timers/timer-registry.js';
import { containerKernel } from './container-kernel.js';
import type { MockContainer } from './mock-container.js';

/** What the health checks of a container need from the driver. */
export interface HealthCheckDeps {
  /** Timers. */
  timers: TimerRegistry;
  /** Scripted commands (so `onExec` can script a health check). */
  hook: (container: MockContainer) => CommandHook;
  /** Called when the health changes. */
  onChange: (container: MockContainer, healthy: boolean) => void;
}

/**
 * Runs the container's health check at once and then every `intervalMs` while it runs: a probe passes
 * on exit 0 within `timeoutMs`; `retries` consecutive failures (outside `startPeriodMs`) make it unhealthy.
 */
export function startHealthChecks(container: MockContainer, deps: HealthCheckDeps): void {
  const check = container.spec.healthcheck;
  if (check === undefined) {
    container.health = 'none';
    return;
  }
  container.health = 'starting';
  container.healthFailures = 0;
  const startedAt = Date.now();
  const probe = async (): Promise<void> => {
    container.healthTimer = undefined;
    const process = new ShellProcess({
      fs: container.fs,
      timers: deps.timers,
      env: container.env,
      cwd: container.cwd,
      stdin: EMPTY_INPUT,
      stdout: () => undefined,
      stderr: () => undefined,
      hook: deps.hook(container),
      kernel: containerKernel(container, false),
    });
    const timeout = deps.timers.setTimeout(() => process.terminate(137), check.timeoutMs ?? 30_000);
    const code = await process.run(check.command).catch(() => 1);
    deps.timers.clearTimeout(timeout);
    if (container.state !== 'running') return;
    if (code === 0) {
      container.healthFailures = 0;
      setHealth(container, true, deps);
    } else if (Date.now() - startedAt >= (check.startPeriodMs ?? 0)) {
      container.healthFailures++;
      if (container.healthFailures >= (check.retries ?? 3)) setHealth(container, false, deps);
    }
    container.healthTimer = deps.timers.setTimeout(() => void probe(), check.intervalMs ?? 30_000);
  };
  container.healthTimer = deps.timers.setTimeout(() => void probe(), 0);
}

/** Stops probing (the container exited). */
export function stopHealthChecks(container: MockContainer, timers: TimerRegistry): void {
  timers.clearTimeout(container.healthTimer);
  container.healthTimer = undefined;
}

/** Sets the health, calling `onChange` when it changed. */
export function setHealth(container: MockContainer, healthy: boolean, deps: Pick<HealthCheckDeps, 'onChange'>): void {
  const next = healthy ? 'healthy' : 'unhealthy';
  if (container.health === next) return;
  container.health = next;
  deps.onChange(container, healthy);
}
