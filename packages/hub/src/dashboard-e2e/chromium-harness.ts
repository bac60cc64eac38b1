import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { DEFAULT_DASHBOARD_DIR } from '../server/index.js';

/** Debian's Chromium (scripts/install-chromium.sh). */
export const CHROMIUM = '/usr/bin/chromium';

/** Flags for a headless run on CI: no sandbox (root), no GPU, no background traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Longest wait of one browser step (a busy CI machine runs other suites beside these). */
export const E2E_STEP_TIMEOUT_MS = 45_000;

/** Jest timeout of one browser test. */
export const E2E_TEST_TIMEOUT_MS = 120_000;

/** 1280×800. */
export const DESKTOP = { width: 1280, height: 800 };
/** 390×844. */
export const PHONE = { width: 390, height: 844 };

const here = dirname(fileURLToPath(import.meta.url));
const HUB_DIR = join(here, '..', '..');
const REPO = join(HUB_DIR, '..', '..');

/** Where screenshots go (gitignored): `packages/hub/artifacts/dashboard`. */
export const ARTIFACTS = join(HUB_DIR, 'artifacts', 'dashboard');

/** `true` when CI=true or BERTH_REQUIRE_CHROMIUM=1: a missing Chromium fails instead of skipping. */
export const chromiumRequired = process.env.CI === 'true' || (process.env.BERTH_REQUIRE_CHROMIUM ?? '') === '1';

/** `true` when /usr/bin/chromium exists. */
export const chromiumPresent = existsSync(CHROMIUM);

/**
 * The gate for browser tests: `describe` when Chromium is there or required (its `beforeAll` then fails
 * with how to install it), `describe.skip` with the reason printed otherwise.
 */
export function describeChromium(title: string, body: () => void): void {
  if (chromiumPresent || chromiumRequired) {
    describe(title, body);
    return;
  }
  console.info(`[berth] skipping ${title}: ${CHROMIUM} is missing (bash scripts/install-chromium.sh)`);
  describe.skip(title, body);
}

/** Builds the dashboard when `npm run build` has not (a focused `npm test -- <file>`). */
export function ensureDashboardBuilt(): void {
  if (existsSync(join(DEFAULT_DASHBOARD_DIR, 'index.html'))) return;
  execFileSync('npm', ['run', 'build:dashboard', '-w', '@berth/hub'], { cwd: REPO, stdio: 'inherit' });
}

/** Launches Chromium (after checking it exists and the dashboard is built). */
export async function launchChromium(): Promise<Browser> {
  if (!chromiumPresent) throw new Error(`${CHROMIUM} is missing: run bash scripts/install-chromium.sh`);
  ensureDashboardBuilt();
  await mkdir(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** A page that records console errors and warnings and uncaught page errors into `problems`. */
export async function openPage(
  browser: Browser,
  url: string,
  problems: string[],
  viewport = DESKTOP,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  context.setDefaultTimeout(E2E_STEP_TIMEOUT_MS);
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  await page.goto(url);
  return { context, page };
}

/** Logs in through the token prompt. */
export async function login(page: Page, token: string): Promise<void> {
  await page.getByTestId('token-input').fill(token);
  await page.getByTestId('login-submit').click();
}

/** Saves a screenshot to {@link ARTIFACTS}. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** Waits until the stats charts have at least `n` samples (polled from Node: the page's CSP forbids eval). */
export async function waitForSamples(page: Page, n: number, timeoutMs = 15_000): Promise<void> {
  const samples = page.getByTestId('stats-samples');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const count = Number.parseInt((await samples.textContent()) ?? '0', 10);
    if (count >= n) return;
    if (Date.now() > deadline) throw new Error(`stats: ${count} samples, expected ${n}`);
    await page.waitForTimeout(100);
  }
}
