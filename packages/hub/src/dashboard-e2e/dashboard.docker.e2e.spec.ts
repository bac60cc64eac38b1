import type { ContainerDriver } from '@berth/core';
import { DockerDriver } from '@berth/driver-docker';
import { describeDocker } from '@berth/driver-docker/testing';
import { LocalDriver } from '@berth/driver-local';
import { describeChromium, E2E_TEST_TIMEOUT_MS, login, screenshot, waitForSamples } from './chromium-harness.js';
import { useDashboard } from './dashboard-under-test.js';

/** The dashboard against a hub with two hosts: the local driver and a Docker Engine. */
const OPERATOR = 'operator-token-0123456789';

await describeDocker('dashboard on Docker', () => {
  describeChromium('dashboard in Chromium on Docker', () => {
    let docker: ContainerDriver;
    const containers: string[] = [];
    const dashboard = useDashboard({
      homePrefix: 'berth-dashboard-docker-',
      hub: async (home) => {
        docker = await DockerDriver.connect();
        return {
          drivers: { local: new LocalDriver({ home }), docker },
          config: { port: 0, operatorToken: OPERATOR },
          statsIntervalMs: 500,
        };
      },
    });

    afterEach(async () => {
      for (const id of containers.splice(0)) await docker.removeContainer(id, { force: true }).catch(() => undefined);
    });

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
        const page = await dashboard.open();
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
        expect(dashboard.problems).toEqual([]);
      },
      E2E_TEST_TIMEOUT_MS,
    );
  });
});
