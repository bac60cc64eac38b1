// Child process for sandbox.int.spec.ts: runs the BUILT LocalDriver (as whatever user it is started as),
// creates one container from the spec read on stdin, runs each command in it with exec, prints
// {"isolation": ..., "results": {name: {exitCode, stdout}}} and removes the container.
import { LocalDriver } from '../dist/esm/index.js';

const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const { home, spec, commands } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const driver = new LocalDriver({ home, isolation: 'process' });
const results = {};
const c = await driver.createContainer({ image: 'host', command: ['sleep', '60'], ...spec });
try {
  await driver.startContainer(c.id);
  for (const [name, command] of Object.entries(commands)) {
    const r = await driver.exec(c.id, { command, timeoutMs: 20_000 });
    results[name] = { exitCode: r.exitCode, stdout: r.stdout };
  }
} finally {
  await driver.removeContainer(c.id, { force: true });
  await driver.dispose();
}
process.stdout.write(`${JSON.stringify({ isolation: driver.capabilities.isolation, results })}\n`);
