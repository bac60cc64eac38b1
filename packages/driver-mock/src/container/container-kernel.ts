import type { ShellKernel } from '../shell/shell-kernel.js';
import type { MockContainer } from './mock-container.js';

const MIB = 1024 * 1024;

/**
 * The simulated kernel of one process in `container`: its `resources` limits (pids over every process of
 * the container, memory per allocation, disk over the root filesystem) and CPU accounting for stats.
 * `main` marks the container's main process, whose OOM kill the container reports as `oomKilled`.
 */
export function containerKernel(container: MockContainer, main: boolean): ShellKernel {
  const limits = container.spec.resources ?? {};
  return {
    fork: (count) => {
      const inUse = (container.main === undefined ? 0 : 1) + container.execs.size + container.forked;
      if (limits.pids !== undefined && inUse + count > limits.pids) return false;
      container.forked += count;
      return true;
    },
    release: (count) => {
      container.forked = Math.max(0, container.forked - count);
    },
    allocate: (bytes) => limits.memoryMb === undefined || bytes <= limits.memoryMb * MIB,
    oomKilled: () => {
      if (main) container.oomPending = true;
    },
    burn: (on) => {
      container.burners = Math.max(0, container.burners + (on ? 1 : -1));
    },
    fits: (bytes) => limits.diskMb === undefined || container.fs.usedBytes() + bytes <= limits.diskMb * MIB,
  };
}
