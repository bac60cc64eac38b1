#!/usr/bin/env node
// Renders docs/bench/<curve>.json to docs/bench/<curve>.svg with vega-lite → vega, headless (no canvas: vega's
// SVG renderer is string-based). One panel per chart of the record, x = size on a log scale, one line per series.
// Usage: node bench/scale/render.mjs [curve ...]   (default: every JSON in docs/bench/)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import { outDir } from './record.mjs';

/** The vega-lite spec of one record: a grid of line charts, two per row. */
export function specOf(record) {
  const panels = record.charts.map((chart) => {
    const values = [];
    for (const p of record.points) {
      for (const s of chart.series) {
        const v = p[s.field];
        if (typeof v === 'number' && Number.isFinite(v)) values.push({ size: p.size, series: s.name, value: v });
      }
    }
    return {
      title: chart.title,
      width: 300,
      height: 180,
      data: { values },
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'size', type: 'quantitative', scale: { type: 'log' }, title: record.xTitle },
        y: {
          field: 'value',
          type: 'quantitative',
          title: chart.unit,
          scale: chart.log ? { type: 'log' } : { type: 'linear', zero: true },
        },
        color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom', columns: 2 } },
      },
    };
  });
  const l = record.loadAverage;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: record.title,
      subtitle: [
        `${record.date.slice(0, 16).replace('T', ' ')} UTC · ${record.machine.cpus} × ${record.machine.cpuModel} · ${record.machine.os} · node ${record.machine.node} · commit ${record.commit}${record.dirtyPackages > 0 ? ' (+ uncommitted edits)' : ''}`,
        `load average ${l.before[0]} before / ${l.after[0]} after${l.before[0] > record.machine.cpus ? ' — LOADED MACHINE, absolute numbers are noisy' : ''}`,
      ],
      anchor: 'start',
    },
    columns: 2,
    concat: panels,
    config: { font: 'sans-serif', background: 'white' },
  };
}

/** Renders one record to an SVG string. */
export async function renderSvg(record) {
  const compiled = vl.compile(specOf(record)).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

async function main() {
  const wanted = process.argv.slice(2);
  const curves =
    wanted.length > 0
      ? wanted
      : readdirSync(outDir)
          .filter((f) => f.endsWith('.json'))
          .map((f) => f.replace(/\.json$/, ''));
  for (const curve of curves) {
    const record = JSON.parse(readFileSync(join(outDir, `${curve}.json`), 'utf8'));
    const file = join(outDir, `${curve}.svg`);
    writeFileSync(file, await renderSvg(record));
    console.log(`rendered ${file}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
