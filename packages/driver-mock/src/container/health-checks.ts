import { HealthCheckLoop, type HealthCheckTimers } from '@berth/core';
import { EMPTY_INPUT } from '../shell/shell-io.js';
import { type CommandHook, ShellProcess } from '../shell/shell-process.js';
import type { TimerRegistry } from '../timers/timer-registry.js';
import { containerKernel } from './container-kernel.js';
import type { MockContainer } from './mock-container.js';

/** What the health checks of a container need from the driver. */
export interface HealthCheckDeps {
  /** Timers (jest fake timers drive them, and `dispose()` clears them). */
  timers: TimerRegistry;
  /** Scripted commands (so `onExec` can script a health check). */
  hook: (container: MockContainer) => CommandHook;
  /** Called when the health changes. */
  onChange: (container: MockContainer, healthy: boolean) => void;
}

/**
 * Starts the container's health-check loop (core's {@link HealthCheckLoop}, Docker's timing) on the mock's
 * timers and clock: the first probe one `intervalMs` after the start; a probe runs the check's command in the
 * mini shell and passes on exit 0; one outliving `timeoutMs` is killed (137) and fails.
 */
export function startHealthChecks(container: MockContainer, deps: HealthCheckDeps): void {
  const check = container.spec.healthcheck;
  stopHealthChecks(container);
  if (check === undefined) {
    container.health = 'none';
    return;
  }
  container.health = 'starting';
  const loop = new HealthCheckLoop({
    check,
    timers: registryTimers(deps.timers),
    probe: async (_timeoutMs, signal) => {
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
      signal.addEventListener('abort', () => process.terminate(137), { once: true });
      return (await process.run(check.command)) === 0;
    },
    onChange: (status) => {
      container.health = status;
      deps.onChange(container, status === 'healthy');
    },
  });
  container.healthLoop = loop;
  loop.start();
}

/** Stops probing (the container exited, or the driver is disposed). */
export function stopHealthChecks(container: MockContainer): void {
  container.healthLoop?.stop();
  container.healthLoop = undefined;
}

/** Forces the health (a test control), calling `onChange` when it changed; a running loop's next probe moves it again. */
export function setHealth(container: MockContainer, healthy: boolean, deps: Pick<HealthCheckDeps, 'onChange'>): void {
  const next = healthy ? 'healthy' : 'unhealthy';
  if (container.healthLoop !== undefined) {
    container.healthLoop.setStatus(next);
    return;
  }
  if (container.health === next) return;
  container.health = next;
  deps.onChange(container, healthy);
}

/** The mock's timers as the loop's timer source (the clock is `Date.now`, which jest fake timers move too). */
function registryTimers(timers: TimerRegistry): HealthCheckTimers {
  return {
    now: () => Date.now(),
    setTimeout: (fn, ms) => timers.setTimeout(fn, ms),
    clearTimeout: (timer) => timers.clearTimeout(timer),
  };
}
