import { silentLogger } from '@berth/core';
import { MockDriver } from '@berth/driver-mock';
import { ContainerMonitor } from '@berth/monitoring';
import { DESKTOP, describeChromium, E2E_TEST_TIMEOUT_MS, login, PHONE, screenshot } from './chromium-harness.js';
import { useDashboard } from './dashboard-under-test.js';

/**
 * The dashboard's alerts panel in Chromium: a ContainerMonitor's `hub` action (scripted stats on the mock driver)
 * shows a firing row, then the same row resolved; on a phone the page does not scroll sideways. The hosts view
 * shows per-operation latency read from `/metrics`.
 */
const READER = 'reader-token-0123456789';

describeChromium('dashboard alerts panel in Chromium', () => {
  let driver: MockDriver;
  let monitor: ContainerMonitor;
  let cpu = 5;
  const dashboard = useDashboard({
    homePrefix: 'berth-dashboard-alerts-',
    hub: () => {
      driver = new MockDriver({ seed: 18 });
      driver.onStats(() => ({ cpuPercent: cpu }));
      return {
        drivers: { mock: driver },
        config: { port: 0, authToken: READER },
      };
    },
    beforeClose: async () => {
      await monitor?.dispose();
    },
  });

  beforeAll(() => {
    monitor = new ContainerMonitor(driver, {
      hub: dashboard.hub.monitoring.alertSink('mock'),
      intervalMs: 50,
      logger: silentLogger,
    });
    monitor.addAlertRule({
      id: 'high-cpu-usage',
      name: 'High CPU Usage',
      condition: (m) => m.cpu.percentage > 80,
      severity: 'high',
      actions: [{ type: 'hub' }],
    });
  });

  for (const [name, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(
      `shows a firing alert, then resolved (${name})`,
      async () => {
        const page = await dashboard.open(viewport);
        await login(page, READER);
        await page.getByTestId('alerts').getByText('No alerts.').waitFor();
        // the hosts view shows per-operation latency from /metrics (the dashboard's own listContainers calls)
        await page.locator('[data-host="mock"] [data-operation="listContainers"]').getByText(/ms$/).waitFor();
        cpu = 95;
        const c = await driver.createContainer({
          image: 'busybox:latest',
          command: ['sleep', 'infinity'],
          name: `hot-${name}`,
        });
        await driver.startContainer(c.id);
        monitor.startMonitoring(c);
        const row = page.getByTestId('alert-row').filter({ hasText: `hot-${name}` });
        await row.getByText('firing').waitFor();
        await page.getByTestId('alerts-firing').getByText('1 firing').waitFor();
        expect(await row.textContent()).toContain('High CPU Usage');
        await screenshot(page, `alerts-${name}`);
        if (viewport === PHONE) {
          expect(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(
            0,
          );
        }
        cpu = 5;
        await row.getByText('resolved').waitFor();
        await page.getByTestId('alerts-firing').getByText('0 firing').waitFor();
        monitor.stopMonitoring(c.id);
        await driver.removeContainer(c.id, { force: true });
        expect(dashboard.problems).toEqual([]);
      },
      E2E_TEST_TIMEOUT_MS,
    );
  }
});
