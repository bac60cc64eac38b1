import type { StatsSample } from '@berth/core';

/** Scripts stats: given the container id and the sample number (0, 1, 2 …), returns fields to override. */
export type StatsGenerator = (containerId: string, tick: number) => Partial<StatsSample>;
