import type { ContainerState, ExitStatus } from '@berth/core';

function ago(from: Date): string {
  const seconds = Math.floor((Date.now() - from.getTime()) / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.floor(minutes / 60);
  return `${hours} hour${hours === 1 ? '' : 's'}`;
}

/** Docker-like status text: `Created`, `Up 3 seconds`, `Exited (0) 2 minutes ago`. */
export function describeStatus(state: ContainerState, startedAt?: Date, lastExit?: ExitStatus): string {
  switch (state) {
    case 'created':
      return 'Created';
    case 'running':
      return startedAt === undefined ? 'Up' : `Up ${ago(startedAt)}`;
    case 'exited':
      return lastExit === undefined ? 'Exited' : `Exited (${lastExit.exitCode}) ${ago(lastExit.finishedAt)} ago`;
    case 'paused':
      return 'Paused';
    case 'removed':
      return 'Removed';
    case 'dead':
      return 'Dead';
  }
}
