import { readFile } from 'node:fs/promises';
import type { ContainerDriver } from '@berth/core';
import { LocalDriver } from '@berth/driver-local';
import { SessionManager } from '@berth/session-manager';
import { pino } from 'pino';
import { HubServer } from '../server/index.js';
import {
  DESKTOP,
  describeChromium,
  E2E_TEST_TIMEOUT_MS,
  login,
  PHONE,
  screenshot,
  waitForSamples,
} from './chromium-harness.js';
import { useDashboard } from './dashboard-under-test.js';

/**
 * End-to-end tests of the dashboard in Debian's Chromium driven by playwright-core, against a hub on the
 * local driver. Without /usr/bin/chromium they skip with the reason printed, unless CI=true or
 * BERTH_REQUIRE_CHROMIUM=1 (then they fail). Screenshots go to packages/hub/artifacts/ (gitignored).
 */
const READER = 'reader-token-0123456789';
const OPERATOR = 'operator-token-0123456789';

describeChromium('dashboard in Chromium', () => {
  let driver: ContainerDriver;
  let sessions: SessionManager;
  const containers: string[] = [];
  const dashboard = useDashboard({
    homePrefix: 'berth-dashboard-',
    hub: (home) => {
      driver = new LocalDriver({ home });
      sessions = new SessionManager(driver, { reapIntervalMs: 60_000 });
      return {
        drivers: { local: driver },
        sessions,
        config: { port: 0, authToken: READER, operatorToken: OPERATOR, clientBufferLimitBytes: 256 * 1024 * 1024 },
        statsIntervalMs: 250,
      };
    },
  });
  const { open } = dashboard;

  afterEach(async () => {
    for (const id of containers.splice(0)) await driver.removeContainer(id, { force: true }).catch(() => undefined);
    for (const s of await sessions.listSessions()) await sessions.cleanupSession(s.id).catch(() => undefined);
  });

  it(
    'refuses a wrong token and keeps it out of storage and the URL',
    async () => {
      const page = await open();
      await login(page, 'wrong-token-0123456789');
      await page.getByTestId('login-error').getByText('refused').waitFor();
      await screenshot(page, 'login-refused');
      expect(await page.evaluate('sessionStorage.length')).toBe(0);
      expect(page.url()).toBe(dashboard.base);
      expect(dashboard.problems).toEqual([]);
    },
    E2E_TEST_TIMEOUT_MS,
  );

  it(
    'shows a new session live, streams its logs and stats, stops its container and shows the state change',
    async () => {
      const page = await open();
      await login(page, OPERATOR);
      await page.getByTestId('role').getByText('operator').waitFor();
      expect(page.url()).toBe(dashboard.base);
      expect(await page.evaluate('Object.values(sessionStorage)')).toEqual([OPERATOR]);
      await page.locator('[data-host="local"] .dot.healthy').waitFor();

      const session = await sessions.createSession({ agentType: 'bash' });
      const row = page.locator(`[data-session-id="${session.id}"]`);
      await row.waitFor();
      await row.getByRole('button', { name: session.id, exact: true }).click();

      const run = sessions.executeCode(session.id, {
        language: 'bash',
        code: 'i=1; while [ $i -le 40 ]; do echo "line $i"; echo "warn $i" >&2; i=$((i+1)); sleep 0.05; done',
      });
      await page.getByTestId('log-count').getByText('80 lines', { exact: true }).waitFor();
      expect((await run).exitCode).toBe(0);
      expect(await page.locator('.log-row.stderr').count()).toBeGreaterThan(0);

      await waitForSamples(page, 3);
      expect(await page.locator('[data-testid="chart-cpu"] canvas').count()).toBe(1);
      await screenshot(page, 'session-desktop');

      await page
        .getByTestId('detail')
        .getByRole('button', { name: /^Stop / })
        .click();
      await page.getByTestId('confirm-ok').click();
      await page.getByTestId('detail').getByTestId('state').getByText('exited').waitFor();
      await page.locator(`[data-container-id="${session.containerId}"]`).getByText('exited').waitFor();
      expect(dashboard.problems).toEqual([]);
    },
    E2E_TEST_TIMEOUT_MS,
  );

  it(
    'follows 100k lines with a virtualised list, pauses on scroll-up, filters and downloads',
    async () => {
      const c = await driver.createContainer({
        image: 'host',
        command: ['seq', '1', '100000'],
        labels: { app: 'seq' },
      });
      containers.push(c.id);
      const page = await open();
      await login(page, READER);
      await page.getByTestId('role').getByText('read-only').waitFor();
      await page.locator(`[data-container-id="${c.id}"]`).getByRole('button', { name: c.name, exact: true }).click();
      await driver.startContainer(c.id);
      // 100k frames through the hub into the page: ~30 s on a loaded 2-core CI box, so this one step gets more
      // than the default step bound (the test is about the list's behaviour, not its speed)
      await page.getByTestId('log-count').getByText('100000 lines', { exact: true }).waitFor({ timeout: 150_000 });
      expect(await page.locator('.log-row').count()).toBeLessThan(200);
      await page.locator('.log-row', { hasText: /^100000$/ }).waitFor();

      await page.getByTestId('log-viewport').evaluate((el) => {
        el.scrollTop = 0;
      });
      await page.getByRole('button', { name: /^Paused/ }).waitFor();
      await page.locator('.log-row', { hasText: /^1$/ }).waitFor();

      await page.getByTestId('log-search').fill('99999');
      await page.getByTestId('log-count').getByText('1 of 100000 lines', { exact: true }).waitFor();
      await screenshot(page, 'logs-filtered-reader');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('log-download').click()]);
      const saved = await download.path();
      expect(await readFile(saved, 'utf8')).toBe('99999\n');

      const actions = page.locator(`[data-container-id="${c.id}"] [data-action]`);
      expect(await actions.count()).toBe(3);
      for (const button of await actions.all()) expect(await button.isDisabled()).toBe(true);
      expect(await page.getByTestId('run-submit').isDisabled()).toBe(true);
      expect(dashboard.problems).toEqual([]);
    },
    3 * E2E_TEST_TIMEOUT_MS,
  );

  it(
    'runs a snippet in a new session after confirmation',
    async () => {
      const page = await open();
      await login(page, OPERATOR);
      await page.getByTestId('run-language').selectOption('python');
      await page.getByTestId('run-code').fill('print("six times seven is", 6 * 7)');
      await page.getByTestId('run-submit').click();
      await page.getByTestId('confirm-ok').click();
      await page.getByTestId('run-output').getByText('six times seven is 42').waitFor();
      await page.getByTestId('run-output').getByText('exit code 0').waitFor();
      await page.locator('.log-row', { hasText: 'six times seven is 42' }).waitFor();
      expect(await page.locator('[data-session-id]').count()).toBe(1);
      expect(dashboard.problems).toEqual([]);
    },
    E2E_TEST_TIMEOUT_MS,
  );

  it(
    'reconnects after the hub restarts and follows the selection again',
    async () => {
      const options = {
        drivers: { local: driver },
        config: { port: 0, operatorToken: OPERATOR },
        logger: pino({ level: 'silent' }),
        defaultMetrics: false,
        disposeOnClose: false,
      };
      const first = new HubServer(options);
      const { port } = await first.start();
      let second: HubServer | null = null;
      try {
        const c = await driver.createContainer({
          image: 'host',
          command: ['sh', '-c', 'echo before; sleep 30'],
          labels: { app: 'restart' },
        });
        containers.push(c.id);
        await driver.startContainer(c.id);
        const page = await dashboard.open(DESKTOP, `http://127.0.0.1:${port}/`);
        await login(page, OPERATOR);
        await page.locator(`[data-container-id="${c.id}"]`).getByRole('button', { name: c.name, exact: true }).click();
        await page.locator('.log-row', { hasText: 'before' }).waitFor();
        await first.close();
        await page.getByTestId('connection').getByText('reconnecting').waitFor();
        second = new HubServer({ ...options, config: { ...options.config, port } });
        await second.start();
        await page.getByTestId('connection').getByText('live').waitFor();
        await page.getByTestId('log-count').getByText('1 line', { exact: true }).waitFor();
        expect(page.url()).toBe(`http://127.0.0.1:${port}/`);
        // Refused reconnects while the hub was down are the browser's own network errors; nothing else may appear.
        expect(dashboard.problems.filter((p) => !p.includes('WebSocket connection to'))).toEqual([]);
      } finally {
        await first.close();
        await second?.close();
      }
    },
    E2E_TEST_TIMEOUT_MS,
  );

  it(
    'reaches and cancels an action with the keyboard alone',
    async () => {
      const c = await driver.createContainer({ image: 'host', command: ['sleep', '30'], labels: { app: 'kbd' } });
      containers.push(c.id);
      await driver.startContainer(c.id);
      const page = await open();
      await login(page, OPERATOR);
      const stop = page.locator(`[data-container-id="${c.id}"] [data-action="stop"]`);
      await stop.waitFor();
      let reached = false;
      for (let i = 0; i < 40 && !reached; i += 1) {
        await page.keyboard.press('Tab');
        reached = await stop.evaluate((el) => el === el.ownerDocument.activeElement);
      }
      expect(reached).toBe(true);
      await page.keyboard.press('Enter');
      await page.getByTestId('confirm-cancel').waitFor();
      await page.keyboard.press('Escape');
      await page.getByTestId('confirm-cancel').waitFor({ state: 'detached' });
      expect((await driver.getContainer(c.id))?.state).toBe('running');
      expect(dashboard.problems).toEqual([]);
    },
    E2E_TEST_TIMEOUT_MS,
  );

  it.each([
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const)(
    'is readable at %s size without horizontal page scroll',
    async (name, viewport) => {
      const c = await driver.createContainer({
        image: 'host',
        command: ['sh', '-c', 'for i in 1 2 3; do echo "hello $i"; echo "oops $i" >&2; done; sleep 30'],
        labels: { app: 'demo', team: 'agents' },
      });
      containers.push(c.id);
      await driver.startContainer(c.id);
      const page = await open(viewport);
      await login(page, OPERATOR);
      await page.locator(`[data-container-id="${c.id}"]`).getByRole('button', { name: c.name, exact: true }).click();
      await page.getByTestId('log-count').getByText('6 lines', { exact: true }).waitFor();
      await waitForSamples(page, 4);
      const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(page, `dashboard-${name}`);
      expect(dashboard.problems).toEqual([]);
    },
    E2E_TEST_TIMEOUT_MS,
  );
});
