/**
 * Prometheus for real: `promtool` checks and unit-tests deploy/prometheus, then a Prometheus on loopback scrapes a
 * hub (Docker driver behind `withResilience`, `monitorContainers` on) every second with the deploy rules (`for`
 * shortened to 2 s, the seed's 80 % of a core unchanged), and its HTTP API must show the hub's series and
 * `BerthContainerHighCpu` firing for a container burning a core, not for an idle one. The driver creates through
 * `withCpuPriority` (containers directly under the root cgroup with the highest CPU weight), so the busy loop gets
 * its full core (≈ 100 %) on a loaded machine too; in the engine's own cgroup it got 25–35 % there. Skipped with the reason without
 * `prometheus` (failing under BERTH_REQUIRE_PROMETHEUS=1; install with scripts/install-prometheus.sh) or without a
 * Docker Engine (failing under BERTH_REQUIRE_DOCKER=1).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withResilience } from '@berth/core';
import { describeWhen, eventually } from '@berth/core/testing';
import { connectionFromEnv, createDockerClient, DockerDriver } from '@berth/driver-docker';
import { DockerTestRun, describeDocker, withCpuPriority } from '@berth/driver-docker/testing';
import { pino } from 'pino';
import { HubServer } from '../server/index.js';

const DEPLOY = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../deploy/prometheus');
const found = spawnSync('prometheus', ['--version'], { encoding: 'utf8' });
const missing = found.error === undefined && found.status === 0 ? null : 'no prometheus binary on the PATH';

/** Runs a tool and returns its exit status and output. */
function run(cmd: string, args: string[]): { status: number | null; output: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** A free loopback port. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

/** Replaces `from` (which must occur) in `text`. */
function replaceOrThrow(text: string, from: string | RegExp, to: string): string {
  const out = text.replace(from, to);
  if (out === text) throw new Error(`deploy file changed: ${String(from)} not found; update this test`);
  return out;
}

/** The CPU rule's expression in deploy/prometheus, run as it is (the seed's threshold). */
const HIGH_CPU_EXPR = 'expr: berth_container_cpu_percent > 80';

interface PromVector {
  metric: Record<string, string>;
  value: [number, string];
}

describeWhen(
  missing,
  'Prometheus against a hub',
  () => {
    it('promtool checks the rules and passes their unit tests', () => {
      const check = run('promtool', ['check', 'rules', join(DEPLOY, 'berth-alerts.rules.yml')]);
      expect(check).toMatchObject({ status: 0, output: expect.stringContaining('SUCCESS: 4 rules found') });
      const unit = run('promtool', ['test', 'rules', join(DEPLOY, 'berth-alerts.test.yml')]);
      expect(unit).toMatchObject({ status: 0, output: expect.stringContaining('SUCCESS') });
      expect(run('promtool', ['check', 'config', join(DEPLOY, 'prometheus.yml')]).status).toBe(0);
    });
  },
  { requireEnv: 'BERTH_REQUIRE_PROMETHEUS', hint: 'run bash scripts/install-prometheus.sh' },
);

if (missing === null) {
  await describeDocker('Prometheus scraping a hub on Docker', () => {
    let driver: DockerDriver;
    let testRun: DockerTestRun;
    let hub: HubServer;
    let prometheus: ChildProcess | undefined;
    let dir: string;
    let api: string;

    /** GET on Prometheus' HTTP API; `data` of a successful answer. */
    async function promApi<T>(path: string): Promise<T> {
      const res = await fetch(`${api}${path}`);
      const body = (await res.json()) as { status: string; data: T; error?: string };
      if (body.status !== 'success') throw new Error(`prometheus ${path}: ${body.error ?? res.status}`);
      return body.data;
    }

    /** The instant vector of a PromQL query, failing while it is empty. */
    async function series(query: string): Promise<PromVector[]> {
      const data = await promApi<{ result: PromVector[] }>(`/api/v1/query?query=${encodeURIComponent(query)}`);
      if (data.result.length === 0) throw new Error(`no series yet for ${query}`);
      return data.result;
    }

    beforeAll(async () => {
      driver = await DockerDriver.connect({
        docker: await withCpuPriority(createDockerClient(connectionFromEnv())),
      });
      testRun = new DockerTestRun(driver.docker);
      hub = new HubServer({
        drivers: { local: withResilience(driver) },
        config: { port: 0 },
        logger: pino({ level: 'silent' }),
        defaultMetrics: false,
        dashboardDir: false,
        monitorContainers: { intervalMs: 500 },
      });
      const { port: hubPort } = await hub.start();
      dir = await mkdtemp(join(tmpdir(), 'berth-prom-'));
      let config = await readFile(join(DEPLOY, 'prometheus.yml'), 'utf8');
      config = replaceOrThrow(config, /(['"])127\.0\.0\.1:8080\1/, `'127.0.0.1:${hubPort}'`);
      config = replaceOrThrow(config, 'scrape_interval: 15s', 'scrape_interval: 1s');
      config = replaceOrThrow(config, 'evaluation_interval: 15s', 'evaluation_interval: 1s');
      let rules = await readFile(join(DEPLOY, 'berth-alerts.rules.yml'), 'utf8');
      rules = replaceOrThrow(rules, /for: \d+m/g, 'for: 2s');
      if (!rules.includes(HIGH_CPU_EXPR)) throw new Error(`deploy file changed: ${HIGH_CPU_EXPR} not found`);
      await writeFile(join(dir, 'prometheus.yml'), config);
      await writeFile(join(dir, 'berth-alerts.rules.yml'), rules);
      const promPort = await freePort();
      api = `http://127.0.0.1:${promPort}`;
      prometheus = spawn(
        'prometheus',
        [
          `--config.file=${join(dir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${join(dir, 'data')}`,
          `--web.listen-address=127.0.0.1:${promPort}`,
          '--log.level=warn',
        ],
        { stdio: 'ignore' },
      );
      await eventually(
        async () => {
          const res = await fetch(`${api}/-/ready`);
          if (!res.ok) throw new Error(`prometheus not ready: ${res.status}`);
        },
        { timeoutMs: 30_000, intervalMs: 200 },
      );
    }, 60_000);

    afterAll(async () => {
      if (prometheus !== undefined && prometheus.exitCode === null) {
        const exited = new Promise((ok) => prometheus?.once('exit', ok));
        prometheus.kill('SIGTERM');
        await exited;
      }
      await testRun?.cleanup();
      await hub?.close();
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    }, 30_000);

    it('scrapes the driver, breaker and container series, and fires BerthContainerHighCpu (> 80) for a busy container', async () => {
      const busy = await driver.createContainer({
        image: 'berth/busybox:latest',
        command: ['sh', '-c', 'while :; do :; done'],
        labels: testRun.labels,
      });
      await driver.startContainer(busy.id);
      const idle = await driver.createContainer({
        image: 'berth/busybox:latest',
        command: ['sleep', '600'],
        labels: testRun.labels,
      });
      await driver.startContainer(idle.id);

      // driver operations made by the hub's monitoring and by this test, through the same driver object
      const ops = await eventually(() => series('berth_driver_operations_total{host="local",outcome="ok"}'), {
        timeoutMs: 30_000,
        intervalMs: 500,
      });
      expect(ops.map((s) => s.metric.operation)).toEqual(expect.arrayContaining(['listContainers']));
      const breakers = await series('berth_driver_breaker_state{host="local",state="closed"}');
      expect(breakers.map((s) => [s.metric.group, s.value[1]]).sort()).toEqual([
        ['exec', '1'],
        ['lifecycle', '1'],
        ['query', '1'],
        ['resources', '1'],
      ]);
      const cpu = await eventually(() => series(`berth_container_cpu_percent{container="${busy.id}"}`), {
        timeoutMs: 30_000,
        intervalMs: 500,
      });
      expect(cpu[0]?.metric).toMatchObject({ driver: 'docker', host: 'local', name: busy.name });

      const alert = await eventually(
        async () => {
          const { alerts } = await promApi<{
            alerts: Array<{ labels: Record<string, string>; state: string; annotations: Record<string, string> }>;
          }>('/api/v1/alerts');
          const a = alerts.find(
            (x) => x.labels.alertname === 'BerthContainerHighCpu' && x.labels.container === busy.id,
          );
          if (a?.state !== 'firing') throw new Error(`BerthContainerHighCpu is ${a?.state ?? 'absent'}`);
          return a;
        },
        { timeoutMs: 45_000, intervalMs: 500 },
      );
      expect(alert.labels).toMatchObject({ severity: 'high', host: 'local', name: busy.name });
      // the idle container is scraped too, and does not fire
      await series(`berth_container_cpu_percent{container="${idle.id}"}`);
      const { alerts } = await promApi<{ alerts: Array<{ labels: Record<string, string> }> }>('/api/v1/alerts');
      expect(alerts.filter((a) => a.labels.container === idle.id)).toEqual([]);
      expect(alert.annotations.summary).toContain('High CPU Usage');
    }, 120_000);
  });
}
