import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerDriver } from '@berth/core';
import { DockerDriver } from '@berth/driver-docker';
import { describeDocker } from '@berth/driver-docker/testing';
import { LocalDriver } from '@berth/driver-local';
import { pino } from 'pino';
import type { Browser, BrowserContext } from 'playwright-core';
import { HubServer } from '../server/index.js';
import {
  describeChromium,
  E2E_TEST_TIMEOUT_MS,
  launchChromium,
  login,
  openPage,
  screenshot,
  waitForSamples,
} from './chromium-harness.js';

/** The dashboard against a hub with two hosts: the local driver and a Docker Engine. */
const OPERATOR = 'operator-token-0123456789';

await describeDocker('dashboard on Docker', () => {
  describeChromium('dashboard in Chromium on Docker', () => {
    let home: string;
    let local: ContainerDriver;
    let docker: ContainerDriver;
    let hub: HubServer;
    let base: string;
    let browser: Browser;
    let context: BrowserContext | null = null;
    const problems: string[] = [];
    const containers: string[] = [];

    beforeAll(async () => {
      browser = await launchChromium();
      home = await mkdtemp(join(tmpdir(), 'berth-dashboard-docker-'));
      local = new LocalDriver({ home });
      docker = await DockerDriver.connect();
      hub = new HubServer({
        drivers: { local, docker },
        config: { port: 0, operatorToken: OPERATOR },
        logger: pino({ level: 'silent' }),
        defaultMetrics: false,
        statsIntervalMs: 500,
      });
      const { url } = await hub.start();
      base = `${url.replace(/^ws:/, 'http:')}/`;
    }, E2E_TEST_TIMEOUT_MS);

    afterEach(async () => {
      await context?.close();
      context = null;
      for (const id of containers.splice(0)) await docker.removeContainer(id, { force: true }).catch(() => undefined);
      problems.length = 0;
    });

    afterAll(async () => {
      await browser?.close();
      await hub?.close();
      if (home !== undefined) await rm(home, { recursive: true, force: true });
    }, E2E_TEST_TIMEOUT_MS);

    it(
      'shows both hosts, streams a Docker container’s logs and stats, and stops it',
      async () => {
        const c = await docker.createContainer({
          image: 'berth/busybox:latest',
          command: ['sh', '-c', 'echo "hello from docker"; echo "oops" >&2; exec sleep 60'],
          labels: { 'berth.test': 'dashboard-e2e' },
        });
        containers.push(c.id);
        await docker.startContainer(c.id);
        const opened = await openPage(browser, base, problems);
        context = opened.context;
        const page = opened.page;
        await login(page, OPERATOR);
        await page.locator('[data-host="docker"] .dot.healthy').waitFor();
        await page.locator('[data-host="local"] .dot.healthy').waitFor();
        const row = page.locator(`[data-container-id="${c.id}"]`);
        await row.getByRole('button', { name: c.name, exact: true }).click();
        await page.getByTestId('log-count').getByText('2 lines', { exact: true }).waitFor();
        await page.locator('.log-row.stderr', { hasText: 'oops' }).waitFor();
        await waitForSamples(page, 2);
        await screenshot(page, 'docker-desktop');
        await page
          .getByTestId('detail')
          .getByRole('button', { name: /^Stop / })
          .click();
        await page.getByTestId('confirm-ok').click();
        await row.getByText('exited').waitFor();
        expect(problems).toEqual([]);
      },
      E2E_TEST_TIMEOUT_MS,
    );
  });
});
