import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { h } from './dom.js';
import { formatBytes, plural } from './format.js';
import type { StatsData } from './wire.js';

/** Samples kept per chart: five minutes at the hub's one-second period. */
export const STATS_WINDOW = 300;

interface Series {
  label: string;
  testId: string;
  color: string;
  value: (s: StatsData) => number;
  format: (v: number) => string;
}

const SERIES: Series[] = [
  {
    label: 'CPU %',
    testId: 'chart-cpu',
    color: '#4f9cf9',
    value: (s) => s.cpuPercent,
    format: (v) => `${v.toFixed(1)} %`,
  },
  { label: 'Memory', testId: 'chart-memory', color: '#3fb68b', value: (s) => s.memoryBytes, format: formatBytes },
  { label: 'PIDs', testId: 'chart-pids', color: '#e5a13a', value: (s) => s.pids, format: (v) => String(Math.round(v)) },
];

/** CPU, memory and pids of the selected container over the last minutes, one small uPlot chart each. */
export class StatsCharts {
  /** The panel to mount. */
  readonly element: HTMLElement;
  private readonly times: number[] = [];
  private readonly values: number[][] = SERIES.map(() => []);
  private readonly charts: uPlot[] = [];
  private readonly readouts: HTMLElement[] = [];
  private readonly samples: HTMLElement;

  constructor() {
    this.samples = h('span', { class: 'muted', 'data-testid': 'stats-samples' }, '0 samples');
    const grid = h('div', { class: 'charts' });
    this.element = h(
      'section',
      { class: 'panel', 'aria-label': 'Resource usage' },
      h('div', { class: 'toolbar' }, h('h3', {}, 'Stats'), this.samples),
      grid,
    );
    for (const series of SERIES) {
      const readout = h('span', { class: 'readout', 'data-testid': `${series.testId}-value` }, '—');
      const box = h('div', { class: 'chart-box' });
      grid.append(
        h(
          'figure',
          { class: 'chart', 'data-testid': series.testId },
          h('figcaption', {}, series.label, ' ', readout),
          box,
        ),
      );
      this.readouts.push(readout);
      const chart = new uPlot(
        {
          width: 300,
          height: 110,
          legend: { show: false },
          cursor: { show: false },
          scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(max, 1)] } },
          axes: [
            { stroke: '#8b95a5', grid: { stroke: 'rgba(139,149,165,0.15)' }, size: 30, space: 60 },
            {
              stroke: '#8b95a5',
              grid: { stroke: 'rgba(139,149,165,0.15)' },
              size: 74,
              values: (_u, ticks) => ticks.map((t) => series.format(t)),
            },
          ],
          series: [{}, { label: series.label, stroke: series.color, width: 1.5, fill: `${series.color}22` }],
        },
        [[], []],
        box,
      );
      this.charts.push(chart);
      new ResizeObserver(() => {
        const width = Math.max(160, Math.floor(box.clientWidth));
        if (width !== chart.width) chart.setSize({ width, height: 110 });
      }).observe(box);
    }
  }

  /** Forgets every sample (another container selected). */
  reset(): void {
    this.times.length = 0;
    for (const v of this.values) v.length = 0;
    this.redraw();
    for (const r of this.readouts) r.textContent = '—';
  }

  /** Adds one sample at `timestamp` (ISO). */
  add(sample: StatsData, timestamp: string): void {
    const t = Date.parse(timestamp) / 1000;
    this.times.push(Number.isNaN(t) ? Date.now() / 1000 : t);
    SERIES.forEach((series, i) => {
      const value = series.value(sample);
      this.values[i]?.push(Number.isFinite(value) ? value : 0);
      const readout = this.readouts[i];
      if (readout !== undefined) readout.textContent = series.format(value);
    });
    if (this.times.length > STATS_WINDOW) {
      this.times.shift();
      for (const v of this.values) v.shift();
    }
    this.redraw();
  }

  private redraw(): void {
    this.charts.forEach((chart, i) => {
      chart.setData([this.times, this.values[i] ?? []]);
    });
    this.samples.textContent = plural(this.times.length, 'sample');
  }
}
