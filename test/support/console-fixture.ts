import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOrg, createUser } from '@haechi/access';
import type { OrgKind, Role } from '@haechi/core';
import { loadConfig, startServer, type RunningServer } from '@haechi/server';
import { openEmbeddedStores, type EmbeddedStores } from '@haechi/store';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchChromium } from './browser.js';

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** axe-core's WCAG 2.1 A/AA violations on the page, as "rule: target" lines. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated through the debugging protocol, so the console's CSP (no inline script) still holds.
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            context: Document,
            options: object,
          ): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
  });
}

/** Where the console tests save their screenshots (ignored by git; CI keeps them as artifacts). */
export const CONSOLE_ARTIFACTS = fileURLToPath(
  new URL('../../test-artifacts/console/', import.meta.url),
);

type Language = 'ko' | 'en';
const SIGN_IN: Readonly<Record<Language, { email: string; password: string; button: string }>> = {
  en: { email: 'Email', password: 'Password', button: 'Sign in' },
  ko: { email: '이메일', password: '비밀번호', button: '로그인' },
};

/** An organisation (platforms with the domains they host), and optionally one person in it. */
export async function addOrg(
  stores: Pick<EmbeddedStores, 'access'>,
  input: {
    name: string;
    kind: OrgKind;
    domains?: readonly string[];
    person?: { email: string; role: Role; password: string };
  },
): Promise<number> {
  const at = new Date().toISOString();
  const org = await createOrg(stores.access, {
    name: input.name,
    kind: input.kind,
    jurisdiction: 'KR',
    at,
  });
  if (input.domains)
    await stores.access.setPlatformDomains(org.id, input.domains, { at, actor: 'test' });
  if (input.person)
    await createUser(stores.access, { org: input.name, displayName: 'Test', ...input.person, at });
  return org.id;
}

/**
 * A real server on a temporary data folder, seeded through the store first, with the built console
 * at `/`, and Chromium to drive it. Jobs run only when a test asks (the clock is the test's).
 */
export class ConsoleFixture {
  dir = '';
  server!: RunningServer;
  browser!: Browser;

  get url(): string {
    return this.server.url;
  }

  /** `env`: more server settings (e.g. HAECHI_FETCH_ALLOW_PRIVATE for a site on 127.0.0.1). */
  async start(
    seed: (stores: EmbeddedStores) => Promise<void>,
    env: Readonly<Record<string, string>> = {},
  ): Promise<void> {
    this.dir = await mkdtemp(join(tmpdir(), 'haechi-console-'));
    const stores = openEmbeddedStores(this.dir);
    try {
      await seed(stores);
    } finally {
      await stores.close();
    }
    this.server = await startServer(
      loadConfig({
        HAECHI_DATA: this.dir,
        PORT: '0',
        LOG_LEVEL: 'silent',
        HAECHI_DETECTORS: '',
        HAECHI_MASTER_KEY: randomBytes(32).toString('hex'),
        ...env,
      }),
      { manualJobs: true },
    );
    const home = await fetch(`${this.url}/`);
    if (home.status !== 200)
      throw new Error(`the console is not served (${home.status}): run \`npm run build\` first`);
    await mkdir(CONSOLE_ARTIFACTS, { recursive: true });
    this.browser = await launchChromium();
  }

  async close(): Promise<void> {
    await this.browser?.close();
    await this.server?.close();
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }

  /** A new page in the given language, at the given hash route. */
  async open(
    language: Language,
    hash = '#/',
    viewport = { width: 1000, height: 800 },
  ): Promise<Page> {
    const page = await this.browser.newPage({ viewport, acceptDownloads: true });
    await page.addInitScript((lang) => localStorage.setItem('haechi.language', lang), language);
    await page.goto(`${this.url}/${hash}`);
    return page;
  }

  /** A page where a staff member has signed in with email and password. */
  async signIn(language: Language, email: string, password: string): Promise<Page> {
    const page = await this.open(language, '#/staff');
    const words = SIGN_IN[language];
    await page.getByLabel(words.email).fill(email);
    await page.getByLabel(words.password).fill(password);
    await page.getByRole('button', { name: words.button }).click();
    return page;
  }

  /**
   * Saves a screenshot of the page and checks it with axe-core against WCAG 2.1 A and AA (labels,
   * contrast, roles, names): every main page is checked in both languages, so a violation fails
   * the test that shows the page.
   */
  async screenshot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(CONSOLE_ARTIFACTS, `${name}.png`), fullPage: true });
    expect(await accessibilityViolations(page), `accessibility of ${name}`).toEqual([]);
  }
}
