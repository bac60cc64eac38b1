// Child process for recovery.int.spec.ts: owns a LocalDriver (the BUILT package), starts a ticking
// container, prints its id, then idles until the test kills it with SIGKILL.
import { LocalDriver } from '../dist/esm/index.js';

const home = process.argv[2];
const driver = new LocalDriver({ home });
const c = await driver.createContainer({
  image: 'host',
  command: ['sh', '-c', 'i=0; while :; do echo tick $i; i=$((i+1)); sleep 0.05; done'],
});
await driver.startContainer(c.id);
process.stdout.write(`${c.id}\n`);
setInterval(() => {}, 1000);
