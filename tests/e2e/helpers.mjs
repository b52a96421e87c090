// Shared by the e2e tests: the static server, Debian's Chromium through
// playwright-core, and waiting on the page's own hooks (data-analyses on
// the results pane) rather than on fixed sleeps.

import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** The release build under test: $DIST, else the repository's dist/. */
export const DIST = resolve(process.env.DIST ?? resolve(here, '../../dist'));

/** Where Chromium is (Debian's package); $CHROMIUM overrides. */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Flags for a headless Chromium that itself talks to nobody. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The localStorage key the page autosaves the code under. */
export const CODE_KEY = 'assoc-explorer:code:v1';

/** How many times a Chromium that dies while starting is started again. */
const LAUNCH_ATTEMPTS = 3;

/**
 * Launches Debian's Chromium. A browser that crashes before it is up (seen
 * once on a loaded CI machine: SIGSEGV at start, before any page existed)
 * says nothing about the page, so it is started again, at most
 * LAUNCH_ATTEMPTS times in all; each failure is printed. A crash after
 * launch is never retried: the tests see it.
 */
export async function launch() {
  for (let attempt = 1; ; attempt++) {
    try {
      return await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    } catch (error) {
      const first = String(error?.message ?? error).split('\n')[0];
      if (attempt >= LAUNCH_ATTEMPTS) throw error;
      console.error(`chromium did not start (attempt ${attempt} of ${LAUNCH_ATTEMPTS}): ${first}`);
    }
  }
}

export { serve };

/**
 * Serves DIST and launches Chromium; `close()` ends both. If Chromium
 * cannot be started the server is closed before the error is thrown, so
 * no open socket keeps the test process alive.
 */
export async function start() {
  const server = await serve(DIST);
  let browser;
  try {
    browser = await launch();
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    url: server.url,
    server,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * A fresh browser context (empty localStorage) with one page, recording
 * from the first moment: page errors, console errors, every request (and
 * any WebSocket). Options go to browser.newContext (colorScheme, viewport).
 */
export async function open(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, ...options });
  const errors = [];
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  context.on('weberror', (e) => errors.push(`weberror: ${e.error().message}`));
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
  });
  page.on('websocket', (ws) => requests.push(ws.url()));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  return { context, page, errors, requests };
}

/** How many analyses the page has finished (its data-analyses hook). */
export function analyses(page) {
  return page.evaluate(() =>
    Number(document.querySelector('section.pane-results')?.dataset.analyses ?? 0),
  );
}

/** Waits for the DOM the next animation frame shows (effects have run). */
export function nextFrame(page) {
  return page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => ok())));
}

/** Waits until more than `count` analyses have finished, then a frame. */
export async function analysedAfter(page, count, timeout = 10_000) {
  await page.waitForFunction(
    (n) => Number(document.querySelector('section.pane-results')?.dataset.analyses ?? 0) > n,
    count,
    { timeout },
  );
  await nextFrame(page);
}

/** Navigates to `url` and waits for the first analysis to be drawn. */
export async function load(page, url) {
  await page.goto(url);
  await firstDraw(page);
}

/**
 * Waits for the page to be loaded: the first analysis drawn (a count and
 * at least one model card) and the toolbar (the share module, which the
 * page imports as it starts).
 */
export async function firstDraw(page, timeout = 15_000) {
  await page.waitForFunction(
    () =>
      Number(document.querySelector('section.pane-results')?.dataset.analyses ?? 0) >= 1 &&
      document.querySelector('[data-model]') !== null &&
      document.querySelector('.share-bar [data-act="copy"]') !== null,
    null,
    { timeout },
  );
  await nextFrame(page);
}

export function editor(page) {
  return page.getByLabel('Sequelize code');
}

/** Replaces the editor's text as a paste would, and waits for its analysis. */
export async function paste(page, code) {
  const before = await analyses(page);
  await editor(page).fill(code);
  await analysedAfter(page, before);
}

/** Picks an example by id in the "Example" picker and waits for its analysis. */
export async function pickExample(page, id) {
  const before = await analyses(page);
  await page.getByLabel('Example').selectOption(id);
  await analysedAfter(page, before);
}

/**
 * What the results pane shows, read from its hooks:
 * { Model: { attributes: { name: origin }, accessors: [names] } }.
 */
export function ledger(page) {
  return page.evaluate(() => {
    const out = {};
    for (const card of document.querySelectorAll('[data-model]')) {
      const attributes = {};
      for (const row of card.querySelectorAll('[data-attribute]')) {
        attributes[row.dataset.attribute] = row.dataset.origin;
      }
      const accessors = [...card.querySelectorAll('[data-accessor]')].map((a) => a.dataset.accessor);
      out[card.dataset.model] = { attributes, accessors };
    }
    return out;
  });
}

/** The problems list: [{ severity, line, text }]. */
export function problems(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-diagnostic]')].map((d) => ({
      severity: d.dataset.diagnostic,
      line: Number(d.dataset.line),
      text: d.textContent,
    })),
  );
}
