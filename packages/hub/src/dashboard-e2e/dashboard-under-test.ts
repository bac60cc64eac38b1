import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { HubServer, type HubServerOptions } from '../server/index.js';
import { DESKTOP, E2E_TEST_TIMEOUT_MS, launchChromium, openPage } from './chromium-harness.js';

type Hook = (fn: () => Promise<void>, timeoutMs?: number) => void;

/** Options of {@link useDashboard}. */
export interface DashboardOptions {
  /** Prefix of the file's temporary home directory (removed at the end). */
  homePrefix: string;
  /**
   * The hub's options, made in `beforeAll` once Chromium runs; `home` is the fresh directory. Default: a silent
   * logger and no default process metrics.
   */
  hub: (home: string) => HubServerOptions | Promise<HubServerOptions>;
  /** Runs at the end first, before Chromium and the hub close (stop what feeds the hub). */
  beforeClose?: () => Promise<void>;
  /** Runs at the end after the hub closed, before the home directory goes (dispose what `hub` made). */
  dispose?: () => Promise<void>;
}

/** The dashboard of one test file: Chromium and a started hub (read inside tests and hooks). */
export interface DashboardUnderTest {
  readonly browser: Browser;
  readonly hub: HubServer;
  /** The dashboard's URL (`http://…/`). */
  readonly base: string;
  /** Console errors, warnings and page errors of the pages opened in the current test. */
  readonly problems: string[];
  /** Opens `url` (default: the dashboard) in a new context, closed after the test. */
  open(viewport?: { width: number; height: number }, url?: string): Promise<Page>;
}

/**
 * The preamble of the dashboard's browser tests: launches Chromium and starts a hub (from `options.hub`) for the
 * file; after each test closes the page opened with `open` and clears `problems`; at the end closes Chromium and
 * the hub (after `options.beforeClose`), runs `options.dispose` and removes the home directory. Call it inside the file's `describeChromium`,
 * before the file's own hooks that use the hub (its `afterEach` runs before theirs).
 */
export function useDashboard(options: DashboardOptions): DashboardUnderTest {
  const g = globalThis as unknown as { beforeAll: Hook; afterEach: Hook; afterAll: Hook };
  let browser: Browser | undefined;
  let hub: HubServer | undefined;
  let home: string | undefined;
  let base = '';
  let context: BrowserContext | null = null;
  const problems: string[] = [];
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the dashboard's ${what} is not up (its beforeAll failed or has not run)`);
    return value;
  };

  g.beforeAll(async () => {
    browser = await launchChromium();
    home = await mkdtemp(join(tmpdir(), options.homePrefix));
    hub = new HubServer({ logger: pino({ level: 'silent' }), defaultMetrics: false, ...(await options.hub(home)) });
    const { url } = await hub.start();
    base = `${url.replace(/^ws:/, 'http:')}/`;
  }, E2E_TEST_TIMEOUT_MS);
  g.afterEach(async () => {
    await context?.close();
    context = null;
    problems.length = 0;
  });
  g.afterAll(async () => {
    try {
      await options.beforeClose?.();
      await browser?.close();
      await hub?.close();
      await options.dispose?.();
    } finally {
      if (home !== undefined) await rm(home, { recursive: true, force: true });
    }
  }, E2E_TEST_TIMEOUT_MS);

  return {
    get browser() {
      return ready(browser, 'browser');
    },
    get hub() {
      return ready(hub, 'hub');
    },
    get base() {
      return base;
    },
    problems,
    async open(viewport = DESKTOP, url = base) {
      const opened = await openPage(ready(browser, 'browser'), url, problems, viewport);
      context = opened.context;
      return opened.page;
    },
  };
}
