import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerDriver } from '@berth/core';
import { LocalDriver } from '@berth/driver-local';
import { SessionManager } from '@berth/session-manager';
import { pino } from 'pino';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { HubServer } from '../server/index.js';
import { DESKTOP, describeChromium, E2E_TEST_TIMEOUT_MS, launchChromium, login, openPage } from './chromium-harness.js';

/**
 * The dashboard's "Keep state" runs in Chromium against a hub on the local driver: variables survive between
 * runs, the trailing value, an exception and display outputs (a PNG as an image, HTML as a table) are shown.
 * Skips (with the reason printed) without /usr/bin/chromium, unless CI=true or BERTH_REQUIRE_CHROMIUM=1.
 */
const OPERATOR = 'operator-token-0123456789';
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describeChromium('dashboard notebook runs in Chromium', () => {
  let home: string;
  let driver: ContainerDriver;
  let sessions: SessionManager;
  let hub: HubServer;
  let base: string;
  let browser: Browser;
  let context: BrowserContext | null = null;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    home = await mkdtemp(join(tmpdir(), 'berth-dashboard-nb-'));
    driver = new LocalDriver({ home });
    sessions = new SessionManager(driver, { reapIntervalMs: 60_000 });
    hub = new HubServer({
      drivers: { local: driver },
      sessions,
      config: { port: 0, operatorToken: OPERATOR },
      logger: pino({ level: 'silent' }),
      defaultMetrics: false,
    });
    const { url } = await hub.start();
    base = `${url.replace(/^ws:/, 'http:')}/`;
  }, E2E_TEST_TIMEOUT_MS);

  afterEach(async () => {
    await context?.close();
    context = null;
    for (const s of await sessions.listSessions()) await sessions.cleanupSession(s.id).catch(() => undefined);
    problems.length = 0;
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    await sessions?.dispose();
    await driver?.dispose();
    if (home !== undefined) await rm(home, { recursive: true, force: true });
  }, E2E_TEST_TIMEOUT_MS);

  const run = async (page: Page, code: string): Promise<void> => {
    await page.getByTestId('run-code').fill(code);
    await page.getByTestId('run-submit').click();
    await page.getByTestId('confirm-ok').click();
  };

  it(
    'keeps state between runs and shows the value, the error and PNG/HTML display outputs',
    async () => {
      const opened = await openPage(browser, base, problems, DESKTOP);
      context = opened.context;
      const page = opened.page;
      await login(page, OPERATOR);
      await page.getByTestId('run-language').selectOption('python');
      await page.getByTestId('run-stateful').check();

      await run(page, 'x = 6 * 7\nx');
      await page.getByTestId('run-text').getByText('42', { exact: true }).waitFor();

      await run(
        page,
        [
          'import base64',
          'class T:',
          '    def _repr_html_(self): return "<table><tr><td>cell-1</td></tr></table><script>window.bad=1</script>"',
          `display(T(), base64.b64decode("${PNG}"))`,
          'x + 1',
        ].join('\n'),
      );
      await page.getByTestId('run-text').getByText('43', { exact: true }).waitFor();
      expect(await page.getByTestId('run-html').locator('td').textContent()).toBe('cell-1');
      expect(await page.getByTestId('run-html').locator('script').count()).toBe(0);
      expect(await page.getByTestId('run-image').getAttribute('src')).toBe(`data:image/png;base64,${PNG}`);
      expect(await page.evaluate('window.bad')).toBeUndefined();

      await run(page, 'raise ValueError("bad input")');
      await page.getByTestId('run-error').getByText('ValueError: bad input', { exact: false }).first().waitFor();
      expect(problems).toEqual([]);
    },
    E2E_TEST_TIMEOUT_MS,
  );
});
