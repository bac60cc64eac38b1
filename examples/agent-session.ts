// An agent session end to end: create a session, stream its log, run Python, JavaScript and TypeScript,
// keep state in a Python context, move a file, clean up. Local driver by default (host processes, image
// `host`); `BERTH_DRIVER=docker` runs the same on Docker (image berth/runtime:bookworm).
// Run: npm run build && bash scripts/run-examples.sh agent-session
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Berth, openBerth } from '@berth/core';
import { localDriverModule } from '@berth/driver-local';
import { SessionManager } from '@berth/session-manager';

/** The driver through the composition root: a `DriverConfig` and the loaders of the kinds this example offers. */
async function makeDriver(): Promise<{ berth: Berth; cleanup: () => void }> {
  if (process.env.BERTH_DRIVER === 'docker') {
    const { connectDockerDriverModule } = await import('@berth/driver-docker');
    return {
      berth: await openBerth({ kind: 'docker' }, { docker: connectDockerDriverModule }),
      cleanup: () => undefined,
    };
  }
  const home = mkdtempSync(join(tmpdir(), 'berth-example-'));
  const berth = await openBerth({ kind: 'local', home }, { local: localDriverModule });
  return { berth, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`unexpected result: ${what}`);
}

async function main(): Promise<void> {
  const { berth, cleanup } = await makeDriver();
  const { driver } = berth;
  const manager = new SessionManager(driver, { maxSessions: 2, timeoutMs: 10 * 60_000 });
  try {
    manager.events$.subscribe((e) => console.log(`[event] ${e.type}${e.operation ? ` (${e.operation})` : ''}`));
    const session = await manager.createSession({ agentType: 'python', env: { GREETING: 'hello' } });
    console.log(`session ${session.id} on ${driver.name}, container ${session.containerId.slice(0, 12)}`);
    const logs = manager.logs$(session.id).subscribe((line) => console.log(`[log:${line.stream}] ${line.text}`));

    const py = await manager.executeCode(session.id, {
      language: 'python',
      code: 'import os, platform\nprint(os.environ["GREETING"], "from Python", platform.python_version())',
    });
    check(py.exitCode === 0 && py.stdout.startsWith('hello from Python'), `python: ${JSON.stringify(py)}`);

    const js = await manager.executeCode(session.id, {
      language: 'javascript',
      code: "console.log(process.env.GREETING + ' from Node ' + process.version)",
    });
    check(js.exitCode === 0 && js.stdout.startsWith('hello from Node'), `javascript: ${JSON.stringify(js)}`);

    const ts = await manager.executeCode(session.id, {
      language: 'typescript',
      code: 'const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);\nconsole.log("sum", sum([1, 2, 3]));',
    });
    check(ts.stdout === 'sum 6\n', `typescript: ${JSON.stringify(ts)}`);

    const ctx = await manager.createContext(session.id, 'python');
    await manager.runInContext(ctx.id, 'counter = 40');
    const state = await manager.runInContext(ctx.id, 'counter += 2\ncounter');
    check(state.text === '42', `context: ${JSON.stringify(state)}`); // the trailing value, notebook style
    await manager.closeContext(ctx.id);

    await manager.uploadFiles(session.id, [{ path: 'input.txt', content: 'berth\n' }]);
    await manager.executeCode(session.id, { language: 'bash', code: 'tr a-z A-Z < input.txt > output.txt' });
    const out = new TextDecoder().decode(await manager.downloadFile(session.id, 'output.txt'));
    check(out === 'BERTH\n', `file round trip: ${JSON.stringify(out)}`);

    const timedOut = await manager.executeCode(session.id, {
      language: 'python',
      code: 'while True: pass',
      timeoutMs: 500,
    });
    check(timedOut.timedOut, 'timeout');
    console.log('a runaway loop was killed after 500 ms; the session is still usable');

    await manager.cleanupSession(session.id);
    logs.unsubscribe();
    console.log('done');
  } finally {
    await manager.dispose();
    await berth.dispose();
    cleanup();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
