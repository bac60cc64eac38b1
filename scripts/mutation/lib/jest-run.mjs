// Runs one conformance spec with jest inside a slot and reads its per-test results.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The name of a kit case without the driver's suite title (`lifecycle › starts …`), so the same case of
 * the mock and of the local driver compare equal.
 *
 * @param {{ ancestorTitles: string[], title: string }} assertion - one entry of jest's `assertionResults`.
 * @returns {string}
 */
export function caseName(assertion) {
  return [...assertion.ancestorTitles.slice(1), assertion.title].join(' › ');
}

/**
 * Runs `spec` with jest in `dir` (its private TMPDIR and jest cache under the slot) and returns every
 * case's status. Never throws for a failing suite; `timedOut` is set when the run outlived `timeoutMs`
 * and its process group was killed.
 *
 * @param {{ dir: string, spec: string, timeoutMs: number, logFile: string, testNamePattern?: string }} options
 * @returns {Promise<{ timedOut: boolean, exitCode: number | null, durationMs: number,
 *   suiteStatus: string | null, suiteMessage: string,
 *   cases: Map<string, { status: string, failureMessages: string[] }> }>}
 */
export function runSpec({ dir, spec, timeoutMs, logFile, testNamePattern }) {
  const output = join(dir, '.tmp-results.json');
  rmSync(output, { force: true });
  const started = Date.now();
  const log = createWriteStream(logFile);
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--experimental-vm-modules',
        join(dir, 'node_modules/jest/bin/jest.js'),
        spec,
        '--json',
        `--outputFile=${output}`,
        `--cacheDirectory=${join(dir, '.jest-cache')}`,
        '--ci',
        '--runInBand',
        // A mutant that leaks a handle (a socket left open) would keep jest alive until the time budget.
        '--forceExit',
        ...(testNamePattern === undefined ? [] : [`--testNamePattern=${testNamePattern}`]),
      ],
      {
        cwd: dir,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, TMPDIR: join(dir, '.tmp') },
      },
    );
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      log.end();
      resolve({ ...readResults(output), timedOut, exitCode, durationMs: Date.now() - started });
    });
  });
}

function readResults(output) {
  const cases = new Map();
  if (!existsSync(output)) return { suiteStatus: null, suiteMessage: '', cases };
  const json = JSON.parse(readFileSync(output, 'utf8'));
  const suite = json.testResults[0];
  if (suite === undefined) return { suiteStatus: null, suiteMessage: '', cases };
  for (const a of suite.assertionResults) {
    cases.set(caseName(a), { status: a.status, failureMessages: a.failureMessages ?? [] });
  }
  return { suiteStatus: suite.status, suiteMessage: suite.message ?? '', cases };
}

/** A suite that did not compile or load: the mutant is invalid, not killed. */
const INVALID = /SyntaxError|error TS\d+|Unexpected token|Cannot find module|is not defined/;

/**
 * Classifies a mutant's run against the baseline:
 * - `killed`: a case that passed in the baseline failed (or the suite crashed while running);
 * - `timeout`: the run was killed for outliving its time budget (counts as killed, reported apart);
 * - `survived`: every baseline-passing case passed again;
 * - `invalid`: the mutated code did not compile or load (not counted).
 *
 * @param {Set<string>} baselinePassed - cases that passed without a mutant.
 * @param {Awaited<ReturnType<typeof runSpec>>} run
 * @returns {{ status: 'killed' | 'timeout' | 'survived' | 'invalid', killedBy: string[], testTimeoutsOnly: boolean, note: string }}
 */
export function classify(baselinePassed, run) {
  if (run.timedOut)
    return {
      status: 'timeout',
      killedBy: failedCases(baselinePassed, run),
      testTimeoutsOnly: false,
      note: 'run killed at its time budget',
    };
  if (run.cases.size === 0) {
    const message = run.suiteMessage.split('\n').find((l) => l.trim() !== '') ?? `jest exited ${run.exitCode}`;
    if (INVALID.test(run.suiteMessage))
      return { status: 'invalid', killedBy: [], testTimeoutsOnly: false, note: message.trim() };
    return { status: 'killed', killedBy: ['(suite failed to run)'], testTimeoutsOnly: false, note: message.trim() };
  }
  const killedBy = failedCases(baselinePassed, run);
  if (killedBy.length === 0) {
    // A failed suite whose only failing cases also fail in the baseline is not a kill; one with no failing
    // case at all failed outside the cases (a hook, an unhandled error).
    const anyCaseFailed = [...run.cases.values()].some((c) => c.status === 'failed');
    if (run.suiteStatus === 'failed' && !anyCaseFailed && run.suiteMessage.trim() !== '') {
      return {
        status: 'killed',
        killedBy: ['(suite error outside a case)'],
        testTimeoutsOnly: false,
        note: run.suiteMessage.trim().split('\n')[0],
      };
    }
    return { status: 'survived', killedBy, testTimeoutsOnly: false, note: '' };
  }
  const testTimeoutsOnly = killedBy.every((name) =>
    (run.cases.get(name)?.failureMessages ?? []).every((m) => m.includes('Exceeded timeout')),
  );
  return { status: 'killed', killedBy, testTimeoutsOnly, note: '' };
}

function failedCases(baselinePassed, run) {
  return [...baselinePassed].filter((name) => run.cases.get(name)?.status === 'failed');
}
