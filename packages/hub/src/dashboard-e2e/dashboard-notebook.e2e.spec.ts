import type { ContainerDriver } from '@berth/core';
import { LocalDriver } from '@berth/driver-local';
import { SessionManager } from '@berth/session-manager';
import type { Page } from 'playwright-core';
import { DESKTOP, describeChromium, E2E_TEST_TIMEOUT_MS, login } from './chromium-harness.js';
import { useDashboard } from './dashboard-under-test.js';

/**
 * The dashboard's "Keep state" runs in Chromium against a hub on the local driver: variables survive between
 * runs, the trailing value, an exception with its traceback and display outputs (a PNG as an image, HTML as a
 * table) are shown; a bash run's output shows while it is going (`codeOutput` frames); TypeScript is selectable.
 * Skips (with the reason printed) without /usr/bin/chromium, unless CI=true or BERTH_REQUIRE_CHROMIUM=1.
 */
const OPERATOR = 'operator-token-0123456789';
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describeChromium('dashboard notebook runs in Chromium', () => {
  let driver: ContainerDriver;
  let sessions: SessionManager;
  const dashboard = useDashboard({
    homePrefix: 'berth-dashboard-nb-',
    hub: (home) => {
      driver = new LocalDriver({ home });
      sessions = new SessionManager(driver, { reapIntervalMs: 60_000 });
      return {
        drivers: { local: driver },
        sessions,
        config: { port: 0, operatorToken: OPERATOR },
      };
    },
    dispose: async () => {
      await sessions?.dispose();
      await driver?.dispose();
    },
  });

  afterEach(async () => {
    for (const s of await sessions.listSessions()) await sessions.cleanupSession(s.id).catch(() => undefined);
  });

  const run = async (page: Page, code: string): Promise<void> => {
    await page.getByTestId('run-code').fill(code);
    await page.getByTestId('run-submit').click();
    await page.getByTestId('confirm-ok').click();
  };

  it(
    'keeps state between runs and shows the value, the error and PNG/HTML display outputs',
    async () => {
      const page = await dashboard.open(DESKTOP);
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

      await run(page, 'def f():\n    raise ValueError("bad input")\nf()');
      await page.getByTestId('run-error').getByText('ValueError: bad input', { exact: false }).first().waitFor();
      expect(await page.getByTestId('run-error').textContent()).toMatch(/Traceback[\s\S]*line 2, in f/);
      expect(dashboard.problems).toEqual([]);
    },
    E2E_TEST_TIMEOUT_MS,
  );

  it(
    'shows the output of a bash run live while it is going, then its result; TypeScript is selectable and keeps state',
    async () => {
      const page = await dashboard.open(DESKTOP);
      await login(page, OPERATOR);
      await page.getByTestId('run-language').selectOption('bash');
      await page.getByTestId('run-stateful').check();
      await run(page, 'echo "first line"; while [ ! -e go-live ]; do sleep 0.05; done; echo "second line"');
      await page.getByTestId('run-live').getByText('first line', { exact: false }).waitFor();
      expect(await page.getByText('exit code', { exact: false }).count()).toBe(0); // still running
      const [session] = await sessions.listSessions();
      await sessions.uploadFiles(session?.id ?? '', [{ path: 'go-live', content: '' }]);
      await page.getByTestId('run-output').getByText('exit code 0', { exact: false }).waitFor();
      expect(await page.getByTestId('run-output').locator('pre').first().textContent()).toBe(
        'first line\nsecond line\n',
      );

      await page.getByTestId('run-language').selectOption('typescript');
      await run(page, 'const n: number = 40;');
      await page.getByTestId('run-output').getByText('exit code 0', { exact: false }).waitFor();
      await run(page, 'interface P { x: number }\nconst p: P = { x: 2 };\nn + p.x');
      await page.getByTestId('run-text').getByText('42', { exact: true }).waitFor();
      expect(dashboard.problems).toEqual([]);
    },
    E2E_TEST_TIMEOUT_MS,
  );
});
