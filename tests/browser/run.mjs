// Browser tests for Verbinding: user stories in headless Chromium, with an
// axe-core accessibility check (WCAG 2.0/2.1 A and AA) on every page visited.
//
// Run from the repository root after `cargo build`:
//   node --test tests/browser/run.mjs
// Environment:
//   VERBINDING_BIN   the server binary (default target/debug/verbinding)
//   CHROMIUM_PATH    the browser (default /usr/bin/chromium, Debian's package)
//
// Nothing is built or downloaded here: the server runs from the given binary
// with a fresh SQLite database and the demo data, on a free loopback port, and
// the browser is the system Chromium driven by playwright-core.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const BIN = resolve(root, process.env.VERBINDING_BIN || 'target/debug/verbinding');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const AXE = join(here, 'node_modules', 'axe-core', 'axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

const PASSWORD = 'verbinding-demo-2026';
const ADMIN = 'beheer@bz.example';
const COORDINATOR = 'coordinator@tfc.example';
const NCSC_LIAISON = 'liaison@ncsc.example';
const EVALUATOR = 'evaluator@bz.example';
const AIVD_LIAISON = 'liaison@aivd.example';
const SECRET_TITLE = 'Attributie statelijke actor — lopende casus';
/** The demo incidents, created at start; the liaison sees all but the last. */
const DEMO_INCIDENTS = [
  'GRU-operatie tegen de OPCW in Den Haag',
  'NotPetya',
  'Misbruik van Microsoft Exchange (HAFNIUM)',
  'Viasat KA-SAT',
  'COATHANGER bij Defensie',
];
const OPCW_TITLE = DEMO_INCIDENTS[0];
const VIASAT_TITLE = DEMO_INCIDENTS[3];
const COATHANGER_TITLE = DEMO_INCIDENTS[4];
/** Dep. Vertrouwelijk, need-to-know BZ, JenV, BZK, DEF, EZK: seen by AIVD, NCSC and TFC. */
const EXCHANGE_TITLE = DEMO_INCIDENTS[2];
/** APT28 in the demo threat-actor catalogue (its MISP galaxy UUID). */
const APT28_UUID = '5b4ee3ea-eee3-4c8e-8323-85ae32658754';

let server; // { child, url, dir, log }
let browser;
/** Axe results per page: key "label [lang]" -> { url, violations }. */
const audits = new Map();

// --- Server --------------------------------------------------------------------

async function startServer() {
  if (!existsSync(BIN)) {
    throw new Error(`server binary ${BIN} not found: run \`cargo build\` first or set VERBINDING_BIN`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'verbinding-browser-'));
  const db = join(dir, 'verbinding.db');
  const log = [];
  const child = spawn(BIN, ['serve', '--demo', '--database', `sqlite://${db}`, '--listen', '127.0.0.1:0'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  const keep = (line) => {
    log.push(line);
    if (log.length > 200) log.shift();
  };
  createInterface({ input: child.stderr }).on('line', keep);
  const url = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not announce its address within 60 s:\n${log.join('\n')}`)), 60_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      keep(line);
      const m = /Verbinding listens on (http:\/\/\S+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited early (code ${code}, signal ${signal}):\n${log.join('\n')}`));
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
  return { child, url, dir, log };
}

async function stopServer(s) {
  if (!s) return;
  if (s.child.exitCode === null && s.child.signalCode === null) {
    const exited = new Promise((r) => s.child.once('exit', r));
    s.child.kill('SIGTERM');
    const timer = setTimeout(() => s.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(s.dir, { recursive: true, force: true });
}

// --- Browser helpers -----------------------------------------------------------

/** A fresh browser context (own cookies) and page in the given language. */
async function newPage(locale = 'nl-NL') {
  const context = await browser.newContext({
    baseURL: server.url,
    locale,
    extraHTTPHeaders: { 'Accept-Language': locale.slice(0, 2) },
    // The app's CSP (script-src 'self') would block axe-core's injected
    // script; the CSP itself is checked without bypass in its own test.
    bypassCSP: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.setDefaultNavigationTimeout(15_000);
  return page;
}

const htmlLang = (page) => page.locator('html').getAttribute('lang');

/** Runs axe-core on the current page; the violations, readably shaped. */
async function runAxe(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })),
    }));
  }, AXE_TAGS);
}

/** Runs axe-core on the current page and records the result under `label`. */
async function audit(page, label) {
  const result = await runAxe(page);
  const lang = await htmlLang(page);
  const key = `${label} [${lang}]`;
  const path = new URL(page.url()).pathname;
  const previous = audits.get(key);
  audits.set(key, { path, violations: previous ? previous.violations.concat(result) : result });
  return result;
}

function formatViolations(key, { path, violations }) {
  const lines = [`${key} (${path}): ${violations.length} violation(s)`];
  for (const v of violations) {
    lines.push(`  - ${v.id} [${v.impact}] ${v.help}`, `    ${v.helpUrl}`);
    for (const n of v.nodes) {
      lines.push(`      element: ${n.target}`, `      html:    ${n.html.replace(/\s+/g, ' ').slice(0, 300)}`);
      for (const s of (n.summary || '').split('\n')) lines.push(`      ${s}`);
    }
  }
  return lines.join('\n');
}

/** Navigates and checks the HTTP status. */
async function go(page, path, status = 200) {
  const response = await page.goto(path);
  assert.ok(response, `no response for ${path}`);
  assert.equal(response.status(), status, `GET ${path}: status`);
  return response;
}

async function login(page, email, password = PASSWORD) {
  await go(page, '/login');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.locator('form[action="/login"] button[type="submit"]').click()]);
  await page.waitForLoadState('load');
}

/** Uses the language button in the header; returns the page it ends on. */
async function switchLanguage(page, expected) {
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/language'),
    page.locator('#switch-language').click(),
  ]);
  await page.waitForLoadState('load');
  await assertLang(page, expected);
  const u = new URL(page.url());
  return u.pathname + u.search;
}

async function assertLang(page, expected) {
  await page.waitForFunction((l) => document.documentElement.lang === l, expected).catch(() => {});
  assert.equal(await htmlLang(page), expected, '<html lang>');
}

/** Finds the id of the dossier with this title in the viewer's list. */
async function dossierIdByTitle(page, title) {
  await go(page, '/dossiers');
  const href = await page.locator('table a[href^="/dossiers/"]', { hasText: title }).first().getAttribute('href');
  const m = /^\/dossiers\/(\d+)$/.exec(href || '');
  assert.ok(m, `dossier "${title}" listed`);
  return Number(m[1]);
}

/** Finds the id of the incident with this title in the viewer's list. */
async function incidentIdByTitle(page, title) {
  await go(page, '/incidents');
  const href = await page.locator('table a[href^="/incidents/"]', { hasText: title }).first().getAttribute('href');
  const m = /^\/incidents\/(\d+)$/.exec(href || '');
  assert.ok(m, `incident "${title}" listed`);
  return Number(m[1]);
}

/** Submits the incident filter form; returns the response after checking its status. */
async function submitIncidentFilters(page, status = 200) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'GET' && r.request().resourceType() === 'document' && new URL(r.url()).pathname === '/incidents'),
    page.locator('main form.filters button[type="submit"]').click(),
  ]);
  await page.waitForLoadState('load');
  assert.equal(response.status(), status, `filter ${new URL(response.url()).search}: status`);
  return response;
}

const incidentCount = async (page) => Number((await page.locator('#incident-count').innerText()).trim());
const incidentTitles = (page) => page.locator('main table tbody tr td:first-child').allInnerTexts();

/** Submits the incident form (new or edit) and waits for the answer to its POST. */
async function submitIncidentForm(page) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && /^\/incidents(\/\d+)?$/.test(new URL(r.url()).pathname)),
    page.locator('main form button[type="submit"].primary').click(),
  ]);
  await page.waitForLoadState('load');
  return response;
}

/** Checks a field error: the control is invalid and described by the visible message. */
async function assertFieldError(page, control, name, text) {
  const field = page.locator(control);
  assert.equal(await field.getAttribute('aria-invalid'), 'true', `${control} is aria-invalid`);
  assert.equal(await field.getAttribute('aria-describedby'), `${name}-error`, `${control} is described by its error`);
  const error = page.locator(`#${name}-error`);
  assert.equal(await error.count(), 1, `#${name}-error exists once`);
  assert.ok(await error.isVisible(), `#${name}-error is visible`);
  assert.equal((await error.innerText()).trim(), text);
}

/**
 * Checks a field error on a control that also has a hint: the control is
 * invalid and its aria-describedby names the visible message (among others).
 */
async function assertFieldErrorAmong(page, control, name, text) {
  const field = page.locator(control);
  assert.equal(await field.getAttribute('aria-invalid'), 'true', `${control} is aria-invalid`);
  const ids = ((await field.getAttribute('aria-describedby')) || '').split(/\s+/);
  assert.ok(ids.includes(`${name}-error`), `${control} is described by its error: aria-describedby="${ids.join(' ')}"`);
  for (const id of ids) assert.equal(await page.locator(`#${id}`).count(), 1, `#${id} (in aria-describedby of ${control}) exists once`);
  const error = page.locator(`#${name}-error`);
  assert.ok(await error.isVisible(), `#${name}-error is visible`);
  assert.equal((await error.innerText()).trim(), text);
}

/** The text of the incident detail's fact for this term. */
const fact = (page, term) => page.locator('dl.facts dt', { hasText: term }).locator('xpath=following-sibling::dd[1]');

/** A browser context 320 CSS pixels wide (the WCAG 1.4.10 reflow width). */
async function narrowPage() {
  const context = await browser.newContext({ baseURL: server.url, locale: 'nl-NL', viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return page;
}

/**
 * Whether the current page scrolls sideways: null if not, else a description
 * naming the culprits (elements past the right edge, or text overflowing its
 * box). Data tables may scroll (two-dimensional content is exempt); nothing else.
 */
async function sidewaysOverflow(page, label) {
  const r = await page.evaluate(() => {
    for (const t of document.querySelectorAll('table')) t.style.display = 'none';
    const doc = document.documentElement;
    const culprits = [...document.querySelectorAll('body *')]
      .filter((el) => el.children.length === 0)
      .filter((el) => el.getBoundingClientRect().right > doc.clientWidth + 1
        || (getComputedStyle(el).overflowX === 'visible' && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className ? '.' + el.className : ''} "${el.textContent.trim().slice(0, 40)}"`);
    return { scroll: doc.scrollWidth, client: doc.clientWidth, culprits };
  });
  return r.scroll > r.client ? `${label}: ${r.scroll}px wide in ${r.client}px (${r.culprits.join(', ')})` : null;
}

/** Checks an error page: status, heading, request id tied to the response. */
async function assertErrorPage(page, response, status, heading) {
  assert.equal(response.status(), status);
  await assert.doesNotReject(page.locator('main h1').waitFor());
  assert.match(await page.locator('main h1').innerText(), new RegExp(heading));
  assert.match(await page.locator('main h1').innerText(), new RegExp(`\\(${status}\\)`));
  const shown = (await page.locator('#request-id').innerText()).trim();
  assert.ok(shown.length >= 8, `request id shown: "${shown}"`);
  const header = response.headers()['x-request-id'];
  if (header) assert.equal(shown, header, 'the request id on the page is the one in x-request-id');
}

// --- Suite set-up --------------------------------------------------------------

before(async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  assert.ok(existsSync(AXE), `axe-core not installed: run npm ci in ${here}`);
  server = await startServer();
  // playwright-core gives each launch a fresh temporary --user-data-dir and
  // removes it on close. headless:false keeps it from adding its own
  // --headless flag, so the new headless mode is the one given here.
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: false, args: CHROMIUM_ARGS, timeout: 60_000 });
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  await stopServer(server);
});

process.on('exit', () => {
  if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
});

const STORY = { timeout: 60_000 };

// --- Stories -------------------------------------------------------------------

test('a. the coordinator logs in, sees the dashboard in Dutch, switches to English and back', STORY, async () => {
  const page = await newPage('nl-NL');
  try {
    await go(page, '/login');
    await assertLang(page, 'nl');
    assert.equal(await page.locator('h1').innerText(), 'Inloggen');
    await audit(page, 'login');

    // The language switch works before logging in too.
    await switchLanguage(page, 'en');
    assert.equal(await page.locator('h1').innerText(), 'Log in');
    await audit(page, 'login');
    await switchLanguage(page, 'nl');

    await login(page, COORDINATOR);
    await assertLang(page, 'nl');
    assert.match(await page.title(), /^Overzicht — Verbinding/);
    assert.match(await page.locator('h1').innerText(), /Welkom, Anna de Vries/);
    assert.equal(await page.locator('nav a[aria-current="page"]').innerText(), 'Overzicht');
    assert.match(await page.locator('#visible-count').innerText(), /^\d+$/);
    await audit(page, 'dashboard');

    await switchLanguage(page, 'en');
    assert.match(await page.title(), /^Dashboard — Verbinding/);
    assert.equal(await page.locator('nav a[aria-current="page"]').innerText(), 'Dashboard');
    assert.match(await page.locator('h1').innerText(), /Welcome, Anna de Vries/);
    assert.equal(await page.locator('#switch-language').innerText(), 'Schakel naar Nederlands');
    await audit(page, 'dashboard');

    // The choice is remembered for the account: a fresh page stays English.
    await go(page, '/dossiers');
    await assertLang(page, 'en');
    await audit(page, 'dossiers list');

    await go(page, '/');
    await switchLanguage(page, 'nl');
    assert.match(await page.title(), /^Overzicht — Verbinding/);
    assert.equal(await page.locator('#switch-language').innerText(), 'Switch to English');

    // Logging out ends on the login page with a notice.
    await Promise.all([page.waitForURL((u) => u.pathname === '/login'), page.locator('#logout').click()]);
    await page.waitForLoadState('load');
    assert.equal(await page.locator('.notice[role="status"]').innerText(), 'U bent uitgelogd.');
    await audit(page, 'login after logout');
    await go(page, '/');
    assert.equal(new URL(page.url()).pathname, '/login', 'after logout the dashboard asks to log in again');
  } finally {
    await page.context().close();
  }
});

test('b. the coordinator views organisation BZ with its units and members', STORY, async () => {
  const page = await newPage('nl-NL');
  try {
    await login(page, COORDINATOR);
    await go(page, '/organisations');
    assert.equal(await page.locator('h1').innerText(), 'Organisaties');
    await audit(page, 'organisations');

    await Promise.all([page.waitForURL('**/organisations/BZ'), page.locator('table a[href="/organisations/BZ"]').click()]);
    await page.waitForLoadState('load');
    assert.match(await page.locator('h1').innerText(), /\(BZ\)$/);
    const unitsHeading = page.locator('h2', { hasText: 'Onderdelen' });
    assert.equal(await unitsHeading.count(), 1, 'a units heading');
    const units = await page.locator('main ul a[href^="/organisations/"]').allInnerTexts();
    assert.ok(units.includes('TFC'), `TFC among the units of BZ: ${units.join(', ')}`);
    const members = await page.locator('main table tbody tr').allInnerTexts();
    assert.ok(members.some((r) => r.includes('Bea Beheer') && r.includes(ADMIN)), `Bea Beheer among the members: ${members.join(' | ')}`);
    await audit(page, 'organisation BZ');

    // The unit links on to its own page, with BZ as its parent.
    await Promise.all([page.waitForURL('**/organisations/TFC'), page.locator('main ul a[href="/organisations/TFC"]').click()]);
    await page.waitForLoadState('load');
    assert.equal(await page.locator('dl a[href="/organisations/BZ"]').innerText(), 'BZ');
    await audit(page, 'organisation TFC');

    await go(page, '/profile');
    assert.equal(await page.locator('h1').innerText(), 'Profiel');
    assert.ok((await page.locator('dl.facts').innerText()).includes(COORDINATOR));
    await audit(page, 'profile');
  } finally {
    await page.context().close();
  }
});

test('c. a failed login shows the error, stays on the login page and empties the password', STORY, async () => {
  const page = await newPage('nl-NL');
  try {
    await go(page, '/login');
    await page.locator('#email').fill(NCSC_LIAISON);
    await page.locator('#password').fill('not-the-password');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login'),
      page.locator('form[action="/login"] button[type="submit"]').click(),
    ]);
    await page.waitForLoadState('load');
    assert.equal(response.status(), 401);
    assert.equal(new URL(page.url()).pathname, '/login');
    const alert = page.locator('#login-error');
    assert.ok(await alert.isVisible(), 'the error alert is visible');
    assert.equal(await alert.getAttribute('role'), 'alert');
    assert.equal((await alert.innerText()).trim(), 'E-mailadres of wachtwoord onjuist.');
    assert.equal(await page.locator('#password').inputValue(), '', 'the password is not sent back');
    assert.equal(await page.locator('#email').inputValue(), NCSC_LIAISON, 'the email address is kept');
    assert.equal(await page.locator('#email').getAttribute('aria-describedby'), 'login-error');
    assert.equal(await page.locator('#logout').count(), 0, 'not logged in');
    await audit(page, 'login failed');

    // The same in English.
    await switchLanguage(page, 'en');
    await page.locator('#email').fill(NCSC_LIAISON);
    await page.locator('#password').fill('still-not-the-password');
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login'),
      page.locator('form[action="/login"] button[type="submit"]').click(),
    ]);
    await page.waitForLoadState('load');
    assert.equal((await page.locator('#login-error').innerText()).trim(), 'Incorrect email address or password.');
    assert.equal(await page.locator('#password').inputValue(), '');
    await audit(page, 'login failed');

    // Still not logged in: the dashboard sends back to the login page.
    await go(page, '/');
    assert.equal(new URL(page.url()).pathname, '/login');
  } finally {
    await page.context().close();
  }
});

test('d. a liaison without clearance gets 403 for users and 404 for a secret dossier', STORY, async () => {
  // Find the secret dossier as the coordinator, who may see it.
  const coordinator = await newPage('nl-NL');
  let secretId;
  try {
    await login(coordinator, COORDINATOR);
    secretId = await dossierIdByTitle(coordinator, SECRET_TITLE);
    await go(coordinator, `/dossiers/${secretId}`);
    assert.equal(await coordinator.locator('h1').innerText(), SECRET_TITLE);
    assert.match(await coordinator.locator('.banner').innerText(), /TLP:/);
    await audit(coordinator, 'dossier detail');
  } finally {
    await coordinator.context().close();
  }

  const page = await newPage('nl-NL');
  try {
    await login(page, NCSC_LIAISON);
    // No link to the users page for a liaison.
    assert.equal(await page.locator('nav a[href="/users"]').count(), 0, 'no users link in the navigation');

    const forbidden = await page.goto('/users');
    await assertErrorPage(page, forbidden, 403, 'Geen toegang');
    await assertLang(page, 'nl');
    await audit(page, 'error 403');

    const missing = await page.goto(`/dossiers/${secretId}`);
    await assertErrorPage(page, missing, 404, 'Niet gevonden');
    assert.ok(!(await page.content()).includes(SECRET_TITLE), 'the secret title does not leak');
    await audit(page, 'error 404');

    // The same answer as for a dossier that does not exist at all.
    const absent = await page.goto('/dossiers/999999');
    await assertErrorPage(page, absent, 404, 'Niet gevonden');

    // Not in the list either.
    await go(page, '/dossiers');
    assert.ok(!(await page.content()).includes(SECRET_TITLE), 'the secret dossier is not listed');
    await audit(page, 'dossiers list');
  } finally {
    await page.context().close();
  }

  // In English, for an evaluator (clearance dep-v).
  const en = await newPage('en-GB');
  try {
    await login(en, EVALUATOR);
    await assertLang(en, 'en');
    const forbidden = await en.goto('/users');
    await assertErrorPage(en, forbidden, 403, 'Access denied');
    await assertLang(en, 'en');
    await audit(en, 'error 403');
    const missing = await en.goto(`/dossiers/${secretId}`);
    await assertErrorPage(en, missing, 404, 'Not found');
    await audit(en, 'error 404');
    // The error page leads back to the dashboard.
    await Promise.all([en.waitForURL((u) => u.pathname === '/'), en.locator('main a[href="/"]').click()]);
  } finally {
    await en.context().close();
  }
});

test('e. keyboard: the first Tab reaches the skip link, which moves focus to main', STORY, async () => {
  const page = await newPage('nl-NL');
  try {
    const check = async (path, status = 200) => {
      await go(page, path, status);
      await page.locator('body').waitFor();
      await page.keyboard.press('Tab');
      const first = await page.evaluate(() => ({
        cls: document.activeElement.className,
        href: document.activeElement.getAttribute('href'),
        text: document.activeElement.textContent.trim(),
      }));
      assert.equal(first.cls, 'skip-link', `${path}: the first Tab focuses the skip link, got ${JSON.stringify(first)}`);
      assert.equal(first.href, '#main');
      const box = await page.locator('.skip-link').boundingBox();
      assert.ok(box && box.x >= 0 && box.y >= 0 && box.width > 0, `${path}: the focused skip link is on screen: ${JSON.stringify(box)}`);
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'main');
      assert.equal(await page.evaluate(() => document.activeElement.tagName), 'MAIN', `${path}: focus is on main`);
      // The next Tab goes into the content, not back to the header.
      await page.keyboard.press('Tab');
      const inMain = await page.evaluate(() => document.getElementById('main').contains(document.activeElement));
      assert.ok(inMain, `${path}: the Tab after the skip link stays in main`);
      return first.text;
    };
    assert.equal(await check('/login'), 'Direct naar de inhoud');
    await login(page, COORDINATOR);
    await check('/');
    await check('/dossiers');
    // Error pages have the skip link too.
    await check('/organisations/NOPE', 404);
  } finally {
    await page.context().close();
  }
});

test('f. the coordinator creates a dossier, correcting an empty title first', STORY, async () => {
  const page = await newPage('nl-NL');
  try {
    await login(page, COORDINATOR);
    await go(page, '/dossiers');
    await Promise.all([page.waitForURL('**/dossiers/new'), page.locator('main a[href="/dossiers/new"]').click()]);
    await page.waitForLoadState('load');
    assert.equal(await page.locator('h1').innerText(), 'Nieuw dossier');
    await audit(page, 'dossier form');

    // Submit with an empty title.
    await page.locator('#title').fill('');
    await page.locator('#summary').fill('Aangemaakt door de browsertest.');
    const [bad] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/dossiers'),
      page.locator('main form button[type="submit"]').click(),
    ]);
    await page.waitForLoadState('load');
    assert.ok(bad.status() >= 400 && bad.status() < 500, `an invalid form is answered with a 4xx, got ${bad.status()}`);
    const title = page.locator('#title');
    assert.equal(await title.getAttribute('aria-invalid'), 'true');
    const describedBy = await title.getAttribute('aria-describedby');
    assert.ok(describedBy, 'the title field has aria-describedby');
    const error = page.locator(`#${describedBy}`);
    assert.equal(await error.count(), 1, `the element #${describedBy} exists once`);
    assert.ok(await error.isVisible(), 'the field error is visible');
    assert.equal((await error.innerText()).trim(), 'Dit veld is verplicht.');
    const summary = page.locator('#error-summary');
    assert.ok(await summary.isVisible(), 'an error summary is shown');
    assert.equal(await summary.getAttribute('role'), 'alert');
    assert.equal(await summary.locator('a[href="#title"]').count(), 1, 'the summary links to the title field');
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'error-summary');
    // Entered values are kept.
    assert.equal(await page.locator('#summary').inputValue(), 'Aangemaakt door de browsertest.');
    await audit(page, 'dossier form with errors');

    // Following the summary link puts focus in the field.
    await page.locator('#error-summary a[href="#title"]').click();
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'title');

    // Fix it and save.
    const newTitle = `Browsertest dossier ${Date.now()}`;
    await page.keyboard.type(newTitle);
    await Promise.all([page.waitForURL((u) => /^\/dossiers\/\d+$/.test(u.pathname)), page.locator('main form button[type="submit"]').click()]);
    await page.waitForLoadState('load');
    assert.equal(await page.locator('h1').innerText(), newTitle);
    assert.ok((await page.locator('.prose').innerText()).includes('Aangemaakt door de browsertest.'));
    const id = Number(/^\/dossiers\/(\d+)$/.exec(new URL(page.url()).pathname)[1]);
    await audit(page, 'dossier detail');

    // It is listed, and its edit form shows the saved values.
    await go(page, '/dossiers');
    assert.equal(await page.locator('table a', { hasText: newTitle }).count(), 1, 'the new dossier is listed');
    await go(page, `/dossiers/${id}/edit`);
    assert.equal(await page.locator('#title').inputValue(), newTitle);
    await audit(page, 'dossier edit form');
  } finally {
    await page.context().close();
  }
});

test('admin pages: users, user forms and the audit trail', STORY, async () => {
  const page = await newPage('nl-NL');
  try {
    await login(page, ADMIN);
    await go(page, '/users');
    assert.equal(await page.locator('h1').innerText(), 'Gebruikers');
    const rows = await page.locator('main table tbody tr').allInnerTexts();
    assert.ok(rows.some((r) => r.includes(COORDINATOR)), 'the coordinator is listed');
    await audit(page, 'users list');

    await Promise.all([page.waitForURL('**/users/new'), page.locator('main a[href="/users/new"]').click()]);
    await page.waitForLoadState('load');
    await audit(page, 'user form');
    // An empty form shows the errors, tied to their fields.
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/users'),
      page.locator('main form button[type="submit"]').click(),
    ]);
    await page.waitForLoadState('load');
    assert.ok(await page.locator('#error-summary').isVisible(), 'an error summary is shown');
    assert.equal(await page.locator('#email').getAttribute('aria-describedby'), 'email-error');
    assert.ok(await page.locator('#email-error').isVisible());
    await audit(page, 'user form with errors');

    await go(page, '/users');
    const edit = page.locator('main table a[href$="/edit"]').first();
    await Promise.all([page.waitForURL(/\/users\/\d+\/edit$/), edit.click()]);
    await page.waitForLoadState('load');
    assert.ok((await page.locator('#email').inputValue()).includes('@'));
    await audit(page, 'user edit form');

    await go(page, '/audit');
    assert.equal(await page.locator('h1').innerText(), 'Audittrail');
    assert.ok((await page.locator('main table tbody tr').count()) > 0, 'audit entries are listed');
    await audit(page, 'audit trail');
    // The filter form works.
    await page.locator('#action').selectOption('login.succeeded');
    await Promise.all([page.waitForURL(/\/audit\?/), page.locator('main form.filters button[type="submit"]').click()]);
    await page.waitForLoadState('load');
    await audit(page, 'audit trail filtered');

    await switchLanguage(page, 'en');
    await go(page, '/audit');
    assert.equal(await page.locator('h1').innerText(), 'Audit trail');
    await audit(page, 'audit trail');
    await go(page, '/users');
    await audit(page, 'users list');
    await go(page, '/');
    await switchLanguage(page, 'nl');
  } finally {
    await page.context().close();
  }
});

test('the language switch returns to the page it was used on', {
  ...STORY,
}, async () => {
  const page = await newPage('nl-NL');
  try {
    await login(page, ADMIN);
    for (const [path, lang] of [['/organisations/BZ', 'en'], ['/audit?action=login.succeeded&actor=', 'nl']]) {
      await go(page, path);
      const landed = await switchLanguage(page, lang);
      assert.equal(landed, path, `switching the language on ${path} stays on it`);
    }
  } finally {
    await page.context().close();
  }
});

test('reflow: at 320 CSS pixels wide no page scrolls sideways, apart from data tables', {
  ...STORY,
}, async () => {
  const page = await narrowPage();
  const overflowing = [];
  const measure = async (path) => {
    const problem = await sidewaysOverflow(page, path);
    if (problem) overflowing.push(problem);
  };
  try {
    await go(page, '/login');
    await measure('/login');
    await login(page, COORDINATOR);
    const secretId = await dossierIdByTitle(page, SECRET_TITLE);
    for (const path of ['/', '/dossiers', `/dossiers/${secretId}`, '/dossiers/new', '/organisations', '/organisations/BZ', '/profile']) {
      await go(page, path);
      await measure(path);
    }
    await go(page, '/users', 403);
    await measure('/users (403)');
    assert.deepEqual(overflowing, [], `pages wider than the viewport:\n${overflowing.join('\n')}`);
  } finally {
    await page.context().close();
  }
});

test('reflow: the incident and threat-actor pages at 320 CSS pixels wide', STORY, async (t) => {
  const page = await narrowPage();
  try {
    await login(page, COORDINATOR);
    const id = await incidentIdByTitle(page, VIASAT_TITLE);
    const overflowing = [];
    for (const [path, status] of [
      ['/incidents', 200], ['/incidents?from=2021-01-01&to=2020-01-01', 422], [`/incidents/${id}`, 200],
      ['/incidents/new', 200], [`/incidents/${id}/edit`, 200], [`/threat-actors/${APT28_UUID}`, 200],
    ]) {
      await go(page, path, status);
      const problem = await sidewaysOverflow(page, path);
      if (problem) overflowing.push(problem);
    }
    assert.deepEqual(overflowing, [], `pages wider than the viewport:\n${overflowing.join('\n')}`);
    await t.test('the threat-actor catalogue', {
    }, async () => {
      await go(page, '/threat-actors');
      assert.equal(await sidewaysOverflow(page, '/threat-actors'), null);
    });
  } finally {
    await page.context().close();
  }
});

test('axe-core is wired up: it reports violations that are planted on purpose', STORY, async () => {
  const page = await newPage('nl-NL');
  try {
    await go(page, '/login');
    await page.evaluate(() => {
      const main = document.getElementById('main');
      main.insertAdjacentHTML('beforeend', '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="20" height="20"><input id="planted-unlabelled" type="text"><p style="color:#ccc;background:#fff">faint</p>');
    });
    const ids = (await runAxe(page)).map((v) => v.id).sort();
    for (const rule of ['color-contrast', 'image-alt', 'label']) {
      assert.ok(ids.includes(rule), `axe reports ${rule}; got ${ids.join(', ')}`);
    }
  } finally {
    await page.context().close();
  }
});

test('the pages run under their own Content-Security-Policy without errors', STORY, async () => {
  // No CSP bypass here: any blocked script or style shows as a console error.
  const context = await browser.newContext({ baseURL: server.url, locale: 'nl-NL' });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${page.url()}: console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${page.url()}: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`${r.url()}: request failed: ${r.failure()?.errorText}`));
  try {
    await go(page, '/login');
    await login(page, COORDINATOR);
    for (const path of ['/', '/dossiers', '/dossiers/new', '/organisations', '/organisations/BZ', '/profile', '/incidents', '/incidents/new', '/threat-actors']) {
      await go(page, path);
    }
    // The stylesheet applies (the skip link is moved off screen by app.css).
    const left = await page.locator('.skip-link').evaluate((el) => getComputedStyle(el).left);
    assert.equal(left, '-9999px', 'app.css is applied');
    // app.js runs: it focuses the error summary of an invalid form.
    await go(page, '/dossiers/new');
    await page.locator('#title').fill('');
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/dossiers'),
      page.locator('main form button[type="submit"]').click(),
    ]);
    await page.waitForLoadState('load');
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'error-summary');
    // Error pages answered with 4xx log a console error for the failed
    // resource itself; only other problems count.
    const ignored = /Failed to load resource: the server responded with a status of (4\d\d)/;
    const real = problems.filter((p) => !ignored.test(p));
    assert.deepEqual(real, [], `console errors:\n${real.join('\n')}`);
  } finally {
    await context.close();
  }
});

// --- Incident dossiers ----------------------------------------------------------

/** The incident story i registers; stories j and m go on with it. */
let created = null; // { id, title }

test('h. the coordinator filters the incidents by sector and by a date range, then clears the filters', STORY, async () => {
  const page = await newPage('nl-NL');
  try {
    await login(page, COORDINATOR);
    await Promise.all([page.waitForURL((u) => u.pathname === '/incidents'), page.locator('nav a[href="/incidents"]').click()]);
    await page.waitForLoadState('load');
    assert.equal(await page.locator('nav a[aria-current="page"]').innerText(), 'Incidenten');
    assert.equal(await page.locator('h1').innerText(), 'Incidenten');
    assert.match(await page.title(), /^Incidenten — Verbinding/);
    const all = await incidentTitles(page);
    for (const title of DEMO_INCIDENTS) assert.ok(all.includes(title), `"${title}" listed: ${all.join(' | ')}`);
    assert.equal(await incidentCount(page), DEMO_INCIDENTS.length, 'the coordinator sees all five demo incidents');
    assert.equal(all.length, DEMO_INCIDENTS.length, 'one row per counted incident');
    await audit(page, 'incidents list');

    // Sector energy: only Viasat KA-SAT.
    await page.locator('#f-sector').selectOption('energy');
    await submitIncidentFilters(page);
    assert.equal(new URL(page.url()).searchParams.get('sector'), 'energy');
    assert.equal(await incidentCount(page), 1);
    assert.deepEqual(await incidentTitles(page), [VIASAT_TITLE]);
    assert.equal(await page.locator('#f-sector').inputValue(), 'energy', 'the chosen sector stays selected');
    await audit(page, 'incidents list filtered');

    // An end date before the start date is an error on the "to" field.
    await page.locator('#f-sector').selectOption('');
    await page.locator('#f-from').fill('2021-01-01');
    await page.locator('#f-to').fill('2020-01-01');
    await submitIncidentFilters(page, 422);
    await assertFieldError(page, '#f-to', 'to', 'De einddatum ligt vóór de begindatum.');
    assert.equal(await page.locator('#f-from').getAttribute('aria-invalid'), null, 'the start date is not marked invalid');
    assert.equal(await page.locator('#f-from').inputValue(), '2021-01-01', 'the typed start date is kept');
    assert.equal(await page.locator('#f-to').inputValue(), '2020-01-01', 'the typed end date is kept');
    assert.equal(await page.locator('main table').count(), 0, 'no results for an invalid filter');
    await audit(page, 'incidents list with filter errors');

    // Clearing every filter lists everything again.
    await page.locator('#f-from').fill('');
    await page.locator('#f-to').fill('');
    for (const id of ['#f-status', '#f-severity', '#f-sector', '#f-lead']) await page.locator(id).selectOption('');
    await page.locator('#f-actor').fill('');
    await submitIncidentFilters(page);
    assert.equal(await page.locator('#f-to').getAttribute('aria-invalid'), null);
    assert.equal(await page.locator('#to-error').count(), 0, 'the error is gone');
    assert.equal(await incidentCount(page), DEMO_INCIDENTS.length);
  } finally {
    await page.context().close();
  }
});

test('i. the coordinator registers an incident, correcting the dates and an unknown actor first', STORY, async (t) => {
  const page = await newPage('nl-NL');
  try {
    await login(page, COORDINATOR);
    await go(page, '/incidents');
    await Promise.all([page.waitForURL('**/incidents/new'), page.locator('main a[href="/incidents/new"]').click()]);
    await page.waitForLoadState('load');
    assert.equal(await page.locator('h1').innerText(), 'Nieuw incident');
    assert.equal(await page.locator('#error-summary').count(), 0, 'no errors on an empty form');
    await audit(page, 'incident form');

    // Discovery before first activity, and an actor the catalogue does not know.
    const title = `Browsertest incident ${Date.now()}`;
    await page.locator('#title').fill(title);
    await page.locator('#summary').fill('Aangemaakt door de browsertest.\nTweede alinea.');
    await page.locator('#severity').selectOption('severe');
    await page.locator('#first_activity').fill('2024-03-10');
    await page.locator('#discovery').fill('2024-03-01');
    await page.locator('#victims').fill('Ministerie van Testzaken');
    await page.locator('#countries').fill('NL, BE');
    await page.locator('#actors').fill('No Such Bear');
    const bad = await submitIncidentForm(page);
    assert.equal(bad.status(), 422, 'an invalid incident is answered with 422');
    assert.equal(new URL(page.url()).pathname, '/incidents');
    const summary = page.locator('#error-summary');
    assert.ok(await summary.isVisible(), 'an error summary is shown');
    assert.equal(await summary.getAttribute('role'), 'alert');
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'error-summary');
    assert.equal(await summary.locator('a[href="#discovery"]').count(), 1, 'the summary links to the discovery date');
    await assertFieldError(page, '#discovery', 'discovery', 'De ontdekking kan niet vóór de eerste activiteit liggen.');
    // Typed values are kept.
    assert.equal(await page.locator('#title').inputValue(), title);
    assert.equal(await page.locator('#summary').inputValue(), 'Aangemaakt door de browsertest.\nTweede alinea.');
    assert.equal(await page.locator('#severity').inputValue(), 'severe');
    assert.equal(await page.locator('#first_activity').inputValue(), '2024-03-10');
    assert.equal(await page.locator('#discovery').inputValue(), '2024-03-01');
    assert.equal(await page.locator('#countries').inputValue(), 'NL, BE');
    assert.equal(await page.locator('#actors').inputValue(), 'No Such Bear');
    await t.test('the unknown actor is reported together with the date error', {
    }, async () => {
      assert.equal(await summary.locator('a[href="#actors"]').count(), 1, 'the summary links to the actors field');
      await assertFieldError(page, '#actors', 'actors', 'Onbekende dreigingsactor; gebruik een naam uit de catalogus.');
    });
    await audit(page, 'incident form with errors');

    // The summary link leads to the field.
    await page.locator('#error-summary a[href="#discovery"]').click();
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'discovery');

    // With the dates in order, the unknown actor is (still) an error on its field.
    await page.locator('#discovery').fill('2024-03-12');
    assert.equal((await submitIncidentForm(page)).status(), 422, 'an unknown actor is answered with 422');
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'error-summary');
    assert.equal(await page.locator('#error-summary a[href="#actors"]').count(), 1, 'the summary links to the actors field');
    await assertFieldError(page, '#actors', 'actors', 'Onbekende dreigingsactor; gebruik een naam uit de catalogus.');
    assert.equal(await page.locator('#discovery').getAttribute('aria-invalid'), null, 'the corrected date is no longer invalid');
    assert.equal(await page.locator('#discovery').inputValue(), '2024-03-12');
    assert.equal(await page.locator('#actors').inputValue(), 'No Such Bear');
    await audit(page, 'incident form with errors');
    await page.locator('#error-summary a[href="#actors"]').click();
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'actors');

    // Fix: a synonym from the catalogue, a sector and need-to-know BZ.
    await page.locator('#actors').fill('Fancy Bear');
    await page.locator('#sector-public-administration').check();
    await page.locator('#effect-espionage').check();
    await page.locator('#ntk-BZ').check();
    const good = await submitIncidentForm(page);
    assert.equal(good.status(), 303, 'a valid incident is answered with a redirect');
    await page.waitForURL((u) => /^\/incidents\/\d+$/.test(u.pathname));
    await page.waitForLoadState('load');
    const id = Number(/^\/incidents\/(\d+)$/.exec(new URL(page.url()).pathname)[1]);
    created = { id, title };
    assert.equal(await page.locator('h1').innerText(), title);
    assert.equal((await page.locator('main .notice[role="status"]').innerText()).trim(), 'Incident geregistreerd.');
    assert.equal(await page.locator('ol.phases li[aria-current="step"]').innerText(), 'Gemeld');
    const actor = page.locator('dl.facts a[href^="/threat-actors/"]');
    assert.deepEqual(await actor.allInnerTexts(), ['APT28'], 'the synonym is stored as the catalogue actor');
    assert.equal(await actor.getAttribute('href'), `/threat-actors/${APT28_UUID}`);
    assert.equal((await fact(page, 'Ontdekking').innerText()).trim(), '2024-03-12');
    assert.equal((await fact(page, 'Sectoren').innerText()).trim(), 'Overheid');
    assert.equal((await fact(page, 'Landen').innerText()).trim(), 'BE, NL');
    assert.match(await fact(page, 'Need-to-know').innerText(), /\bBZ\b/);
    assert.deepEqual(await page.locator('.prose p').allInnerTexts(), ['Aangemaakt door de browsertest.', 'Tweede alinea.']);
    assert.match(await page.locator('#timeline li').first().innerText(), /Gemeld/);
    await audit(page, 'incident detail');

    // It is listed.
    await go(page, '/incidents');
    assert.ok((await incidentTitles(page)).includes(title), 'the new incident is listed');
  } finally {
    await page.context().close();
  }
});

test('j. the coordinator moves the incident to the next phase, adds a timeline entry and edits it', STORY, async () => {
  assert.ok(created, 'story i registered an incident');
  const page = await newPage('nl-NL');
  try {
    await login(page, COORDINATOR);
    await go(page, `/incidents/${created.id}`);
    assert.equal(await page.locator('main .actions button', { hasText: 'Terug naar fase' }).count(), 0, 'no way back from the first phase');

    // Next phase.
    await Promise.all([
      page.waitForURL((u) => u.pathname === `/incidents/${created.id}` && u.searchParams.get('notice') === 'status'),
      page.getByRole('button', { name: 'Naar fase: Beoordeling' }).click(),
    ]);
    await page.waitForLoadState('load');
    assert.equal((await page.locator('main .notice[role="status"]').innerText()).trim(), 'Fase gewijzigd.');
    const current = page.locator('ol.phases li[aria-current="step"]');
    assert.equal(await current.count(), 1, 'one current phase');
    assert.equal(await current.innerText(), 'Beoordeling');
    const timeline = page.locator('#timeline ol.timeline li');
    const entries = await timeline.allInnerTexts();
    assert.ok(entries.some((e) => /Fasewijziging: Gemeld → Beoordeling/.test(e)), `the phase change is on the timeline: ${entries.join(' | ')}`);
    assert.equal(await page.getByRole('button', { name: 'Terug naar fase: Gemeld' }).count(), 1, 'a button back to the previous phase');
    assert.equal(await page.getByRole('button', { name: 'Naar fase: Besluitvorming' }).count(), 1, 'a button to the next phase');
    await audit(page, 'incident detail after phase change');

    // A timeline entry.
    const note = `Contact gelegd met het getroffen ministerie (${Date.now()}).`;
    await page.locator('#note').fill(note);
    await Promise.all([
      page.waitForURL((u) => u.pathname === `/incidents/${created.id}` && u.searchParams.get('notice') === 'note'),
      page.locator(`form[action="/incidents/${created.id}/notes"] button[type="submit"]`).click(),
    ]);
    await page.waitForLoadState('load');
    assert.equal((await page.locator('main .notice[role="status"]').innerText()).trim(), 'Gebeurtenis toegevoegd aan de tijdlijn.');
    const withNote = await timeline.allInnerTexts();
    assert.ok(withNote.some((e) => e.includes(`Gebeurtenis: ${note}`)), `the entry is on the timeline: ${withNote.join(' | ')}`);
    assert.equal(withNote.length, entries.length + 1, 'one entry more');
    assert.equal(await page.locator('#note').inputValue(), '', 'the entry field is empty again');

    // Edit: change the title.
    await Promise.all([page.waitForURL(`**/incidents/${created.id}/edit`), page.locator(`main a[href="/incidents/${created.id}/edit"]`).click()]);
    await page.waitForLoadState('load');
    assert.equal(await page.locator('h1').innerText(), 'Incident bewerken');
    assert.equal(await page.locator('#title').inputValue(), created.title);
    assert.equal(await page.locator('#actors').inputValue(), 'APT28');
    assert.equal(await page.locator('#discovery').inputValue(), '2024-03-12');
    assert.ok(await page.locator('#ntk-BZ').isChecked(), 'need-to-know BZ is kept');
    assert.ok(await page.locator('#sector-public-administration').isChecked(), 'the sector is kept');
    await audit(page, 'incident edit form');
    const newTitle = `${created.title} (bijgewerkt)`;
    await page.locator('#title').fill(newTitle);
    const saved = await submitIncidentForm(page);
    assert.equal(saved.status(), 303);
    await page.waitForURL((u) => u.pathname === `/incidents/${created.id}` && u.searchParams.get('notice') === 'saved');
    await page.waitForLoadState('load');
    assert.equal(await page.locator('h1').innerText(), newTitle);
    assert.equal((await page.locator('main .notice[role="status"]').innerText()).trim(), 'Opgeslagen.');
    assert.equal(await page.locator('ol.phases li[aria-current="step"]').innerText(), 'Beoordeling', 'editing keeps the phase');
    created.title = newTitle;
  } finally {
    await page.context().close();
  }
});

test('k. the NCSC liaison sees four incidents and gets 404 for COATHANGER', STORY, async () => {
  const coordinator = await newPage('nl-NL');
  let secretId;
  try {
    await login(coordinator, COORDINATOR);
    secretId = await incidentIdByTitle(coordinator, COATHANGER_TITLE);
    await go(coordinator, `/incidents/${secretId}`);
    assert.equal(await coordinator.locator('h1').innerText(), COATHANGER_TITLE);
  } finally {
    await coordinator.context().close();
  }

  const page = await newPage('nl-NL');
  try {
    await login(page, NCSC_LIAISON);
    await Promise.all([page.waitForURL((u) => u.pathname === '/incidents'), page.locator('nav a[href="/incidents"]').click()]);
    await page.waitForLoadState('load');
    assert.equal(await incidentCount(page), 4);
    const titles = await incidentTitles(page);
    assert.deepEqual([...titles].sort(), DEMO_INCIDENTS.filter((x) => x !== COATHANGER_TITLE).sort());
    assert.ok(!(await page.content()).includes('COATHANGER'), 'COATHANGER is not listed');
    await audit(page, 'incidents list');

    const missing = await page.goto(`/incidents/${secretId}`);
    await assertErrorPage(page, missing, 404, 'Niet gevonden');
    assert.ok(!(await page.content()).includes('COATHANGER'), 'the secret title does not leak');
    await audit(page, 'error 404');
    const absent = await page.goto('/incidents/999999');
    await assertErrorPage(page, absent, 404, 'Niet gevonden');
  } finally {
    await page.context().close();
  }
});

test('l. the coordinator finds APT28 by a synonym and its incidents', STORY, async () => {
  const page = await newPage('nl-NL');
  try {
    await login(page, COORDINATOR);
    await go(page, '/incidents');
    await Promise.all([page.waitForURL((u) => u.pathname === '/threat-actors'), page.locator('main a[href="/threat-actors"]').click()]);
    await page.waitForLoadState('load');
    assert.equal(await page.locator('h1').innerText(), 'Dreigingsactoren');
    assert.ok((await page.locator('main table tbody tr').count()) >= 5, 'the demo actors are listed');
    await audit(page, 'threat actors');

    await page.locator('#q').fill('fancy');
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/threat-actors' && u.searchParams.get('q') === 'fancy'),
      page.locator('main form[role="search"] button[type="submit"]').click(),
    ]);
    await page.waitForLoadState('load');
    assert.equal(await page.locator('#q').inputValue(), 'fancy', 'the search stays in the field');
    const rows = await page.locator('main table tbody tr').allInnerTexts();
    assert.equal(rows.length, 1, `one match: ${rows.join(' | ')}`);
    assert.match(rows[0], /APT28/);
    assert.match(rows[0], /Fancy Bear/);
    await audit(page, 'threat actors searched');

    await Promise.all([page.waitForURL(`**/threat-actors/${APT28_UUID}`), page.locator('main table a', { hasText: 'APT28' }).click()]);
    await page.waitForLoadState('load');
    assert.equal(await page.locator('h1').innerText(), 'APT28');
    const synonyms = await page.locator('dl.facts dt', { hasText: 'Synoniemen' }).locator('xpath=following-sibling::dd[1]').innerText();
    for (const s of ['Fancy Bear', 'Sednit', 'Pawn Storm']) assert.ok(synonyms.includes(s), `synonym ${s}: ${synonyms}`);
    await audit(page, 'threat actor');

    await Promise.all([
      page.waitForURL((u) => u.pathname === '/incidents' && u.searchParams.get('actor') === 'APT28'),
      page.locator('main a', { hasText: 'Incidenten met deze actor' }).click(),
    ]);
    await page.waitForLoadState('load');
    assert.equal(await page.locator('#f-actor').inputValue(), 'APT28');
    const titles = await incidentTitles(page);
    assert.ok(titles.includes(OPCW_TITLE), `the OPCW incident is listed: ${titles.join(' | ')}`);
    assert.ok(!titles.includes(VIASAT_TITLE), 'an incident of another actor is not');
    assert.equal(await incidentCount(page), titles.length);
  } finally {
    await page.context().close();
  }
});

test('m. the incident pages in English', STORY, async (t) => {
  const page = await newPage('nl-NL');
  try {
    await login(page, COORDINATOR);
    await go(page, '/incidents');
    await switchLanguage(page, 'en');
    try {
      assert.equal(await page.locator('h1').innerText(), 'Incidents');
      assert.equal(await page.locator('nav a[aria-current="page"]').innerText(), 'Incidents');
      assert.equal(await page.locator('label[for="f-to"]').innerText(), 'Until (YYYY-MM-DD)');
      await t.test('no Dutch text on the English list', {
      }, async () => {
        const placeholder = await page.locator('#f-from').getAttribute('placeholder');
        assert.ok(placeholder === null || placeholder === 'YYYY-MM-DD', `#f-from placeholder in English: ${placeholder}`);
      });
      await audit(page, 'incidents list');

      await page.locator('#f-from').fill('2021-01-01');
      await page.locator('#f-to').fill('2020-01-01');
      await submitIncidentFilters(page, 422);
      await assertFieldError(page, '#f-to', 'to', 'The end date is before the start date.');
      await audit(page, 'incidents list with filter errors');

      const viasat = await incidentIdByTitle(page, VIASAT_TITLE);
      await go(page, `/incidents/${viasat}`);
      assert.equal(await page.locator('h1').innerText(), VIASAT_TITLE);
      assert.equal(await page.locator('ol.phases li[aria-current="step"]').innerText(), 'Monitoring');
      assert.equal((await fact(page, 'Sectors').innerText()).trim(), 'Digital infrastructure, Energy');
      assert.equal(await page.locator('dl.facts a[href^="/threat-actors/"]').innerText(), 'Sandworm');
      assert.equal(await page.getByRole('button', { name: 'Move to phase: Closed' }).count(), 1);
      assert.equal(await page.locator('#timeline h2').innerText(), 'Timeline');
      await audit(page, 'incident detail');

      await go(page, '/incidents/new');
      assert.equal(await page.locator('h1').innerText(), 'New incident');
      await page.locator('#title').fill('');
      await page.locator('#actors').fill('No Such Bear');
      assert.equal((await submitIncidentForm(page)).status(), 422);
      await assertFieldError(page, '#title', 'title', 'This field is required.');
      await audit(page, 'incident form with errors');
    } finally {
      await go(page, '/incidents');
      await switchLanguage(page, 'nl');
    }
  } finally {
    await page.context().close();
  }
});

// --- Assessments of an incident ---------------------------------------------------

/** The intelligence assessment story n writes; stories o to s go on with it. */
let intel = null; // { id, incidentId, summary, revised }

/** The exact-term fact of an assessment page: the first match, the current content. */
const assessmentFact = (page, term) =>
  page.locator('dl.facts dt').filter({ hasText: new RegExp(`^${term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).first().locator('xpath=following-sibling::dd[1]');

/** Submits the assessment form (new or revision) and waits for the answer to its POST. */
async function submitAssessmentForm(page) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && /^\/(incidents\/\d+\/assessments|assessments\/\d+)$/.test(new URL(r.url()).pathname)),
    page.locator('main form button[type="submit"].primary').click(),
  ]);
  await page.waitForLoadState('load');
  return response;
}

/** Checks exactly these need-to-know organisations on the marking fields. */
async function setNeedToKnow(page, codes) {
  for (const box of await page.locator('input[name="need_to_know"]').all()) {
    await box.setChecked(codes.includes(await box.getAttribute('value')));
  }
}

/** Session cookies per user once logged in here, so the later stories need not log in again. */
const sessions = new Map();

/** Logs in through the form the first time, then reuses that session. */
async function loginOnce(page, email) {
  const cookies = sessions.get(email);
  if (cookies) {
    await page.context().addCookies(cookies);
    return;
  }
  await login(page, email);
  sessions.set(email, await page.context().cookies());
}

/** The id of the assessment page the browser is on. */
function assessmentIdFrom(page) {
  const m = /^\/assessments\/(\d+)$/.exec(new URL(page.url()).pathname);
  assert.ok(m, `on an assessment page: ${page.url()}`);
  return Number(m[1]);
}

test('n. the AIVD liaison adds an intelligence assessment to the Exchange incident, correcting two errors first', STORY, async (t) => {
  const page = await newPage('nl-NL');
  try {
    await loginOnce(page, AIVD_LIAISON);
    const incidentId = await incidentIdByTitle(page, EXCHANGE_TITLE);
    await go(page, `/incidents/${incidentId}`);
    assert.equal(await page.locator('h1').innerText(), EXCHANGE_TITLE);
    const section = page.locator('#assessments');
    assert.equal(await section.locator('h2').innerText(), 'Beoordelingen');
    // The demo holds NCSC's technical assessment, which AIVD may know exists but not read.
    assert.equal(await section.locator('a[href^="/assessments/"]').count(), 0, 'nothing AIVD may read yet');
    assert.equal(await section.locator('li.restricted').count(), 1, "NCSC's demo assessment shows as restricted");
    for (const [kind, name] of [['technical', 'technische beoordeling'], ['intelligence', 'inlichtingenbeoordeling'], ['legal', 'juridische beoordeling']]) {
      const button = section.getByRole('link', { name: `Beoordeling toevoegen: ${name}`, exact: true });
      assert.equal(await button.getAttribute('href'), `/incidents/${incidentId}/assessments/new?kind=${kind}`);
    }

    // The legal form: the UN GGE norms and the lawful responses as checkbox groups.
    await go(page, `/incidents/${incidentId}/assessments/new?kind=legal`);
    assert.equal(await page.locator('h1').innerText(), 'Nieuwe beoordeling: Juridische beoordeling');
    assert.equal(await page.locator('#norms legend').innerText(), 'Geschonden normen (VN GGE 2015)');
    assert.equal(await page.locator('#norms input[type="checkbox"]').count(), 11, 'the eleven norms of paragraph 13');
    assert.equal(await page.locator('label[for="norm-13a"]').innerText(), '(a) Samenwerken voor stabiliteit en veiligheid');
    assert.equal(await page.locator('#lawful_responses input[type="checkbox"]').count(), 3);
    await audit(page, 'assessment form legal');

    await go(page, `/incidents/${incidentId}`);
    await Promise.all([
      page.waitForURL((u) => u.pathname === `/incidents/${incidentId}/assessments/new` && u.searchParams.get('kind') === 'intelligence'),
      page.getByRole('link', { name: 'Beoordeling toevoegen: inlichtingenbeoordeling', exact: true }).click(),
    ]);
    await page.waitForLoadState('load');
    assert.equal(await page.locator('h1').innerText(), 'Nieuwe beoordeling: Inlichtingenbeoordeling');
    assert.equal(await page.locator('#error-summary').count(), 0, 'no errors on an empty form');
    await t.test('the form is titled as a new assessment, like its heading', {
    }, async () => {
      assert.equal(await page.title(), 'Nieuwe beoordeling: Inlichtingenbeoordeling — Verbinding');
    });
    // The marking starts as the incident's, need-to-know as the author's own organisation.
    assert.equal(await page.locator('#classification').inputValue(), 'dep-v');
    assert.equal(await page.locator('#meta_classification').inputValue(), 'dep-v');
    assert.ok(await page.locator('#ntk-AIVD').isChecked(), 'the own organisation is on the need-to-know list');
    assert.equal(await page.locator('#indicators').count(), 0, 'no technical fields on an intelligence form');
    const likelihoods = await page.locator('#likelihood option').allInnerTexts();
    assert.equal(likelihoods.length, 8, `an empty choice and the seven ICD 203 terms: ${likelihoods.join(' | ')}`);
    assert.ok(likelihoods.includes('Zeer waarschijnlijk (80–95%)'));
    assert.deepEqual(
      (await page.locator('#meta_classification').getAttribute('aria-describedby')).split(/\s+/), ['meta_classification-hint'],
      'the existence classification is described by its hint',
    );
    await audit(page, 'assessment form intelligence');

    // No likelihood, and an existence classified above the content.
    const summary = `GRU-context uitgesloten; HAFNIUM-infrastructuur (browsertest ${Date.now()}).`;
    await page.locator('#summary').fill(summary);
    await page.locator('#confidence').selectOption('moderate');
    await page.locator('#source_reliability').selectOption('b');
    await page.locator('#information_credibility').selectOption('2');
    await page.locator('#attributed_state').fill('CN');
    await page.locator('#alternative_views').fill('Een criminele groep met gelekte exploits.');
    await page.locator('#meta_classification').selectOption('stg-geheim');
    const bad = await submitAssessmentForm(page);
    assert.equal(bad.status(), 422, 'an invalid assessment is answered with 422');
    assert.equal(new URL(page.url()).pathname, `/incidents/${incidentId}/assessments`);
    const errorSummary = page.locator('#error-summary');
    assert.ok(await errorSummary.isVisible(), 'an error summary is shown');
    assert.equal(await errorSummary.getAttribute('role'), 'alert');
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'error-summary');
    assert.equal(await errorSummary.locator('a[href="#likelihood"]').count(), 1, 'the summary links to the likelihood');
    assert.equal(await errorSummary.locator('a[href="#meta_classification"]').count(), 1, 'the summary links to the existence classification');
    assert.equal(await errorSummary.locator('li').count(), 2, `two errors: ${await errorSummary.innerText()}`);
    await assertFieldError(page, '#likelihood', 'likelihood', 'Dit veld is verplicht.');
    await assertFieldErrorAmong(page, '#meta_classification', 'meta_classification', 'Het bestaan kan niet hoger gerubriceerd zijn dan de inhoud.');
    // Typed values are kept.
    assert.equal(await page.locator('h1').innerText(), 'Nieuwe beoordeling: Inlichtingenbeoordeling');
    assert.equal(await page.locator('#summary').inputValue(), summary);
    assert.equal(await page.locator('#confidence').inputValue(), 'moderate');
    assert.equal(await page.locator('#source_reliability').inputValue(), 'b');
    assert.equal(await page.locator('#information_credibility').inputValue(), '2');
    assert.equal(await page.locator('#attributed_state').inputValue(), 'CN');
    assert.equal(await page.locator('#alternative_views').inputValue(), 'Een criminele groep met gelekte exploits.');
    assert.equal(await page.locator('#classification').inputValue(), 'dep-v');
    assert.equal(await page.locator('#meta_classification').inputValue(), 'stg-geheim');
    assert.ok(await page.locator('#ntk-AIVD').isChecked(), 'the need-to-know choice is kept');
    await audit(page, 'assessment form with errors');
    // The summary links lead to the fields.
    await page.locator('#error-summary a[href="#meta_classification"]').click();
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'meta_classification');
    await page.locator('#error-summary a[href="#likelihood"]').click();
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'likelihood');

    // Valid: content Stg. Geheim for AIVD and TFC; its existence Dep. V.
    await page.locator('#likelihood').selectOption('very-likely');
    await page.locator('#confidence').selectOption('moderate');
    await page.locator('#classification').selectOption('stg-geheim');
    await setNeedToKnow(page, ['AIVD', 'TFC']);
    await page.locator('#meta_classification').selectOption('dep-v');
    const good = await submitAssessmentForm(page);
    assert.equal(good.status(), 303, 'a valid assessment is answered with a redirect');
    await page.waitForURL((u) => /^\/assessments\/\d+$/.test(u.pathname));
    await page.waitForLoadState('load');
    const id = assessmentIdFrom(page);
    intel = { id, incidentId, summary };
    assert.equal(await page.locator('h1').innerText(), 'Inlichtingenbeoordeling — AIVD');
    assert.match(await page.locator('.banner').innerText(), /Stg\. Geheim/);
    assert.equal((await assessmentFact(page, 'Bevindingen').innerText()).trim(), summary);
    assert.equal((await assessmentFact(page, 'Betrouwbaarheid van het oordeel').innerText()).trim(), 'Gemiddeld');
    assert.equal((await assessmentFact(page, 'Waarschijnlijkheid (ICD 203)').innerText()).trim(), 'Zeer waarschijnlijk (80–95%)');
    assert.equal((await assessmentFact(page, 'Betrouwbaarheid van de bron (Admiralty)').innerText()).trim(), 'B – Meestal betrouwbaar');
    assert.equal((await assessmentFact(page, 'Toegeschreven staat (ISO-code)').innerText()).trim(), 'CN');
    assert.match(await assessmentFact(page, 'Rubricering').innerText(), /^Stg\. Geheim · /);
    assert.equal((await assessmentFact(page, 'Rubricering van het bestaan').innerText()).trim(), 'Departementaal Vertrouwelijk');
    const ntk = (await assessmentFact(page, 'Need-to-know (organisaties)').innerText()).split(/,\s*/).map((x) => x.trim()).sort();
    assert.deepEqual(ntk, ['AIVD', 'TFC']);
    assert.equal((await assessmentFact(page, 'Versie').innerText()).trim(), '1');
    assert.equal(await page.locator('#history-heading').innerText(), 'Versiegeschiedenis');
    const versions = page.locator('ol.history > li');
    assert.equal(await versions.count(), 1, 'one version in the history');
    assert.match(await versions.first().locator('summary').innerText(), /^Versie 1 — .*liaison@aivd\.example.*Stg\. Geheim/);
    assert.equal(await versions.first().locator('details').getAttribute('open'), '', 'the only version is open');
    assert.equal(await page.locator(`main a[href="/assessments/${id}/edit"]`).innerText(), 'Herzien');
    await audit(page, 'assessment page v1');

    // The incident lists it, and the timeline records it.
    await Promise.all([page.waitForURL(`**/incidents/${incidentId}`), page.locator(`main a[href="/incidents/${incidentId}"]`).click()]);
    await page.waitForLoadState('load');
    const link = page.locator(`#assessments a[href="/assessments/${id}"]`);
    assert.equal(await link.innerText(), 'Inlichtingenbeoordeling — AIVD');
    const item = await page.locator('#assessments li', { has: page.locator(`a[href="/assessments/${id}"]`) }).innerText();
    assert.match(item, /Versie 1/);
    assert.match(item, /Zeer waarschijnlijk/);
    assert.match(item, /Stg\. Geheim/);
    const timeline = await page.locator('#timeline ol.timeline li').allInnerTexts();
    assert.ok(timeline.some((e) => /Beoordeling toegevoegd: Inlichtingenbeoordeling \(liaison@aivd\.example\)/.test(e)), `on the timeline: ${timeline.join(' | ')}`);
    await audit(page, 'incident with assessments');
  } finally {
    await page.context().close();
  }
});

test('o. the AIVD liaison revises the intelligence assessment: version 2, both versions in the history', STORY, async (t) => {
  assert.ok(intel, 'story n added an assessment');
  const page = await newPage('nl-NL');
  try {
    await loginOnce(page, AIVD_LIAISON);
    await go(page, `/assessments/${intel.id}`);
    await Promise.all([page.waitForURL(`**/assessments/${intel.id}/edit`), page.getByRole('link', { name: 'Herzien', exact: true }).click()]);
    await page.waitForLoadState('load');
    assert.equal(await page.locator('h1').innerText(), 'Beoordeling herzien: Inlichtingenbeoordeling');
    await t.test('the revise form is titled as such, like its heading', {
    }, async () => {
      assert.equal(await page.title(), 'Beoordeling herzien: Inlichtingenbeoordeling — Verbinding');
    });
    assert.equal(await page.locator('main form').getAttribute('action'), `/assessments/${intel.id}`);
    // The form shows what is stored.
    assert.equal(await page.locator('#summary').inputValue(), intel.summary);
    assert.equal(await page.locator('#likelihood').inputValue(), 'very-likely');
    assert.equal(await page.locator('#confidence').inputValue(), 'moderate');
    assert.equal(await page.locator('#classification').inputValue(), 'stg-geheim');
    assert.equal(await page.locator('#meta_classification').inputValue(), 'dep-v');
    assert.ok(await page.locator('#ntk-AIVD').isChecked(), 'need-to-know AIVD is kept');
    assert.ok(await page.locator('#ntk-TFC').isChecked(), 'need-to-know TFC is kept');
    assert.ok(!(await page.locator('#ntk-BZK').isChecked()), 'need-to-know BZK was unchecked');
    assert.equal(await page.locator('input[name="version"]').inputValue(), '1');
    await audit(page, 'assessment edit form');

    const revised = `${intel.summary} Herzien: C2-servers bevestigd door een partnerdienst.`;
    await page.locator('#summary').fill(revised);
    const saved = await submitAssessmentForm(page);
    assert.equal(saved.status(), 303);
    await page.waitForURL((u) => u.pathname === `/assessments/${intel.id}`);
    await page.waitForLoadState('load');
    intel.revised = revised;
    assert.equal((await assessmentFact(page, 'Bevindingen').innerText()).trim(), revised);
    assert.equal((await assessmentFact(page, 'Versie').innerText()).trim(), '2');
    const versions = page.locator('ol.history > li');
    assert.equal(await versions.count(), 2, 'two versions in the history');
    assert.match(await versions.nth(0).locator('summary').innerText(), /^Versie 2 — /);
    assert.match(await versions.nth(1).locator('summary').innerText(), /^Versie 1 — /);
    assert.equal(await versions.nth(0).locator('details').getAttribute('open'), '', 'the newest version is open');
    assert.equal(await versions.nth(1).locator('details').getAttribute('open'), null, 'the older version is closed');
    // The older version keeps its own text, shown when opened.
    await versions.nth(1).locator('summary').click();
    assert.equal((await versions.nth(1).locator('dd').first().innerText()).trim(), intel.summary);
    assert.equal((await versions.nth(0).locator('dd').first().innerText()).trim(), revised);
    await audit(page, 'assessment page v2');

    await go(page, `/incidents/${intel.incidentId}`);
    const timeline = await page.locator('#timeline ol.timeline li').allInnerTexts();
    assert.ok(timeline.some((e) => /Beoordeling herzien: Inlichtingenbeoordeling/.test(e)), `the revision is on the timeline: ${timeline.join(' | ')}`);
    assert.match(await page.locator('#assessments li', { has: page.locator(`a[href="/assessments/${intel.id}"]`) }).innerText(), /Versie 2/);
  } finally {
    await page.context().close();
  }
});

test('p. the NCSC liaison knows the intelligence assessment exists but cannot read it', STORY, async () => {
  assert.ok(intel && intel.revised, 'stories n and o wrote the assessment');
  const page = await newPage('nl-NL');
  try {
    await loginOnce(page, NCSC_LIAISON);
    await go(page, `/incidents/${intel.incidentId}`);
    assert.equal(await page.locator('h1').innerText(), EXCHANGE_TITLE);
    const restricted = page.locator('#assessments li.restricted');
    assert.equal(await restricted.count(), 1, 'one restricted line');
    assert.equal((await restricted.innerText()).trim(), 'Inlichtingenbeoordeling — AIVD: bestaat, maar u heeft geen toegang tot de inhoud');
    assert.equal(await page.locator(`a[href="/assessments/${intel.id}"]`).count(), 0, 'no link to the assessment');
    const html = await page.content();
    for (const text of [intel.summary, intel.revised, 'C2-servers', 'Zeer waarschijnlijk']) {
      assert.ok(!html.includes(text), `the content does not leak: "${text}"`);
    }
    await audit(page, 'incident with restricted assessment');

    const missing = await page.goto(`/assessments/${intel.id}`);
    await assertErrorPage(page, missing, 404, 'Niet gevonden');
    assert.ok(!(await page.content()).includes('C2-servers'), 'the content does not leak on the 404 page');
    const edit = await page.goto(`/assessments/${intel.id}/edit`);
    await assertErrorPage(page, edit, 404, 'Niet gevonden');
  } finally {
    await page.context().close();
  }
});

test('q. the coordinator reads the assessment (TFC is on the list) but may not revise it', STORY, async () => {
  assert.ok(intel && intel.revised, 'stories n and o wrote the assessment');
  const page = await newPage('nl-NL');
  try {
    await loginOnce(page, COORDINATOR);
    await go(page, `/incidents/${intel.incidentId}`);
    await Promise.all([page.waitForURL(`**/assessments/${intel.id}`), page.locator(`#assessments a[href="/assessments/${intel.id}"]`).click()]);
    await page.waitForLoadState('load');
    assert.equal(await page.locator('h1').innerText(), 'Inlichtingenbeoordeling — AIVD');
    assert.equal((await assessmentFact(page, 'Bevindingen').innerText()).trim(), intel.revised);
    assert.equal(await page.locator('ol.history > li').count(), 2);
    assert.equal(await page.locator(`a[href="/assessments/${intel.id}/edit"]`).count(), 0, 'no revise link');
    assert.equal(await page.getByRole('link', { name: 'Herzien' }).count(), 0, 'no "Herzien" link');
    await audit(page, 'assessment page read-only');

    const forbidden = await page.goto(`/assessments/${intel.id}/edit`);
    await assertErrorPage(page, forbidden, 403, 'Geen toegang');
    assert.ok(!(await page.locator('main').innerText()).includes('C2-servers'), 'the 403 page shows no content');
    await audit(page, 'error 403 assessment edit');
  } finally {
    await page.context().close();
  }
});

test('r. the NCSC liaison adds a technical assessment; the timeline records it', STORY, async (t) => {
  assert.ok(intel, 'story n found the incident');
  const page = await newPage('nl-NL');
  try {
    await loginOnce(page, NCSC_LIAISON);
    await go(page, `/incidents/${intel.incidentId}`);
    await Promise.all([
      page.waitForURL((u) => u.pathname === `/incidents/${intel.incidentId}/assessments/new` && u.searchParams.get('kind') === 'technical'),
      page.getByRole('link', { name: 'Beoordeling toevoegen: technische beoordeling', exact: true }).click(),
    ]);
    await page.waitForLoadState('load');
    assert.equal(await page.locator('h1').innerText(), 'Nieuwe beoordeling: Technische beoordeling');
    assert.equal(await page.locator('#likelihood').count(), 0, 'no intelligence fields on a technical form');
    assert.ok(await page.locator('#ntk-NCSC').isChecked(), 'the own organisation is on the need-to-know list');
    await audit(page, 'assessment form technical');

    const summary = `Webshells op on-premises Exchange-servers (browsertest ${Date.now()}).`;
    const indicators = 'CVE-2021-26855\nCVE-2021-27065\nC:\\inetpub\\wwwroot\\aspnet_client\\*.aspx';
    await page.locator('#summary').fill(summary);
    await page.locator('#confidence').selectOption('high');
    await page.locator('#indicators').fill(indicators);
    await page.locator('#classification').selectOption('dep-v');
    await setNeedToKnow(page, ['JenV', 'BZ']);
    const saved = await submitAssessmentForm(page);
    assert.equal(saved.status(), 303, 'a valid assessment is answered with a redirect');
    await page.waitForURL((u) => /^\/assessments\/\d+$/.test(u.pathname));
    await page.waitForLoadState('load');
    const id = assessmentIdFrom(page);
    assert.notEqual(id, intel.id);
    assert.equal(await page.locator('h1').innerText(), 'Technische beoordeling — NCSC');
    assert.equal((await assessmentFact(page, 'Bevindingen').innerText()).trim(), summary);
    assert.equal((await assessmentFact(page, 'Betrouwbaarheid van het oordeel').innerText()).trim(), 'Hoog');
    const shownIndicators = assessmentFact(page, 'Indicatoren');
    assert.equal((await shownIndicators.textContent()).trim(), indicators, 'the indicators are stored as typed');
    await t.test('the indicators are shown one per line, as typed', {
    }, async () => {
      assert.equal((await shownIndicators.innerText()).trim(), indicators);
    });
    assert.match(await assessmentFact(page, 'Rubricering').innerText(), /^Departementaal Vertrouwelijk · /);
    const ntk = (await assessmentFact(page, 'Need-to-know (organisaties)').innerText()).split(/,\s*/).map((x) => x.trim()).sort();
    assert.deepEqual(ntk, ['BZ', 'JenV']);
    assert.equal((await assessmentFact(page, 'Versie').innerText()).trim(), '1');
    assert.equal(await page.locator(`main a[href="/assessments/${id}/edit"]`).count(), 1, 'the author organisation may revise it');

    await Promise.all([page.waitForURL(`**/incidents/${intel.incidentId}`), page.locator(`main a[href="/incidents/${intel.incidentId}"]`).click()]);
    await page.waitForLoadState('load');
    assert.equal(await page.locator(`#assessments a[href="/assessments/${id}"]`).innerText(), 'Technische beoordeling — NCSC');
    assert.equal(await page.locator('#assessments li.restricted').count(), 1, 'the intelligence assessment is still only known to exist');
    const timeline = await page.locator('#timeline ol.timeline li').allInnerTexts();
    assert.ok(
      timeline.some((e) => /Beoordeling toegevoegd: Technische beoordeling \(liaison@ncsc\.example\)/.test(e)),
      `the new assessment is on the timeline: ${timeline.join(' | ')}`,
    );
  } finally {
    await page.context().close();
  }
});

test('s. the assessment pages in English', STORY, async () => {
  assert.ok(intel && intel.revised, 'stories n and o wrote the assessment');
  // An English browser: the AIVD liaison never chose a language, so the browser's counts.
  const page = await newPage('en-GB');
  try {
    await loginOnce(page, AIVD_LIAISON);
    await go(page, `/incidents/${intel.incidentId}`);
    await assertLang(page, 'en');
    assert.equal(await page.locator('#assessments-heading').innerText(), 'Assessments');
    assert.equal(await page.getByRole('link', { name: 'Add assessment: intelligence assessment', exact: true }).count(), 1);
    await audit(page, 'incident with assessments');

    await go(page, `/incidents/${intel.incidentId}/assessments/new?kind=intelligence`);
    assert.equal(await page.locator('h1').innerText(), 'New assessment: Intelligence assessment');
    assert.equal(await page.locator('label[for="likelihood"]').innerText(), 'Likelihood (ICD 203)');
    assert.equal(await page.locator('label[for="meta_classification"]').innerText(), 'Classification of its existence');
    await audit(page, 'assessment form intelligence');

    await page.locator('#summary').fill('Browser test, English.');
    await page.locator('#meta_classification').selectOption('stg-geheim');
    assert.equal((await submitAssessmentForm(page)).status(), 422);
    await assertFieldError(page, '#likelihood', 'likelihood', 'This field is required.');
    await assertFieldErrorAmong(page, '#meta_classification', 'meta_classification', 'Its existence cannot be classified higher than its content.');
    await audit(page, 'assessment form with errors');

    await go(page, `/assessments/${intel.id}`);
    assert.equal(await page.locator('h1').innerText(), 'Intelligence assessment — AIVD');
    assert.equal(await page.locator('#history-heading').innerText(), 'Version history');
    assert.equal((await assessmentFact(page, 'Likelihood (ICD 203)').innerText()).trim(), 'Very likely (80–95%)');
    assert.equal(await page.getByRole('link', { name: 'Revise', exact: true }).count(), 1);
    await audit(page, 'assessment page v2');
  } finally {
    await page.context().close();
  }
});

test('reflow: the assessment forms and pages at 320 CSS pixels wide', STORY, async () => {
  assert.ok(intel, 'story n added an assessment');
  const page = await narrowPage();
  try {
    await loginOnce(page, AIVD_LIAISON);
    const overflowing = [];
    const measure = async (label) => {
      const problem = await sidewaysOverflow(page, label);
      if (problem) overflowing.push(problem);
    };
    for (const path of [
      `/incidents/${intel.incidentId}`,
      `/incidents/${intel.incidentId}/assessments/new?kind=technical`,
      `/incidents/${intel.incidentId}/assessments/new?kind=legal`,
      `/incidents/${intel.incidentId}/assessments/new?kind=intelligence`,
    ]) {
      await go(page, path);
      await measure(path);
    }
    // The intelligence form with its errors.
    assert.equal((await submitAssessmentForm(page)).status(), 422);
    await measure(`/incidents/${intel.incidentId}/assessments (422)`);
    for (const path of [`/assessments/${intel.id}`, `/assessments/${intel.id}/edit`]) {
      await go(page, path);
      await measure(path);
    }
    // The history with every version opened.
    await go(page, `/assessments/${intel.id}`);
    await page.evaluate(() => document.querySelectorAll('ol.history details').forEach((d) => { d.open = true; }));
    await measure(`/assessments/${intel.id} (history opened)`);
    assert.deepEqual(overflowing, [], `pages wider than the viewport:\n${overflowing.join('\n')}`);
  } finally {
    await page.context().close();
  }
});

test('t. the coordinator proposes EU sanctions for Viasat: the plan asks for a renewal date and warns about proportionality', STORY, async () => {
  const page = await newPage('nl-NL');
  try {
    await loginOnce(page, COORDINATOR);
    const incidentId = await incidentIdByTitle(page, VIASAT_TITLE);
    await go(page, `/incidents/${incidentId}`);
    await Promise.all([
      page.waitForURL((u) => u.pathname === `/incidents/${incidentId}/response`),
      page.locator('main a', { hasText: 'Responsplan' }).first().click(),
    ]);
    await page.waitForLoadState('load');
    assert.equal(await page.locator('h1').innerText(), `Responsplan: ${VIASAT_TITLE}`);
    assert.ok((await page.locator('ul.plan > li').count()) >= 1, 'the demo plan lists the executed HR statement');
    await audit(page, 'response plan');

    const submit = async () => {
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/incidents/${incidentId}/response`),
        page.locator('main form[action$="/response"] button[type="submit"]').click(),
      ]);
      await page.waitForLoadState('load');
      return response;
    };
    await page.locator('#option').selectOption('eu-sanctions');
    await page.locator('#rationale').fill('Listing van de verantwoordelijke GRU-eenheid');
    assert.equal((await submit()).status(), 422, 'a restrictive measure without a renewal date is refused');
    await assertFieldErrorAmong(page, '#renewal_date', 'renewal_date', 'Dit veld is verplicht.');
    assert.equal(await page.locator('#rationale').inputValue(), 'Listing van de verantwoordelijke GRU-eenheid', 'typed text is kept');
    await audit(page, 'response plan with errors');

    await page.locator('#renewal_date').fill('2027-01-31');
    assert.equal((await submit()).status(), 303);
    const line = page.locator('ul.plan > li', { hasText: 'Listing van de verantwoordelijke GRU-eenheid' });
    assert.equal(await line.count(), 1, 'the measure is in the plan');
    const warnings = (await line.locator('.warning').allInnerTexts()).join(' | ');
    assert.match(warnings, /sancties zonder beoordeling met gemiddelde of hoge betrouwbaarheid/, warnings);
    assert.match(warnings, /openbare attributie zonder attributiebesluit/, warnings);

    await go(page, '/response-options');
    assert.ok((await page.locator('main table tbody tr').count()) >= 16, 'the shipped catalogue is listed');
    await audit(page, 'response options');
    await go(page, '/renewals');
    assert.equal(await page.locator('h1').innerText(), 'Te verlengen maatregelen');
    await audit(page, 'renewals');
  } finally {
    await page.context().close();
  }
});

test('u. the response pages in English', STORY, async () => {
  const page = await newPage('en-GB');
  try {
    await login(page, EVALUATOR);
    await assertLang(page, 'en');
    const incidentId = await incidentIdByTitle(page, VIASAT_TITLE);
    await go(page, `/incidents/${incidentId}/response`);
    assert.equal(await page.locator('h1').innerText(), `Response plan: ${VIASAT_TITLE}`);
    assert.equal(await page.locator('#option').count(), 0, 'an evaluator reads the plan but proposes nothing');
    await audit(page, 'response plan');
    await go(page, '/response-options');
    assert.equal(await page.locator('h1').innerText(), 'Catalogue of response options');
    await audit(page, 'response options');
    await go(page, '/renewals');
    await audit(page, 'renewals');
  } finally {
    await page.context().close();
  }
});

// --- Accessibility summary -------------------------------------------------------

const REQUIRED_PAGES = [
  'login [nl]', 'login [en]', 'login failed [nl]', 'login failed [en]',
  'dashboard [nl]', 'dashboard [en]',
  'dossiers list [nl]', 'dossier detail [nl]', 'dossier form [nl]', 'dossier form with errors [nl]',
  'organisations [nl]', 'organisation BZ [nl]', 'profile [nl]',
  'users list [nl]', 'user form [nl]', 'user form with errors [nl]', 'audit trail [nl]',
  'error 403 [nl]', 'error 403 [en]', 'error 404 [nl]', 'error 404 [en]',
  'incidents list [nl]', 'incidents list filtered [nl]', 'incidents list with filter errors [nl]',
  'incident form [nl]', 'incident form with errors [nl]',
  'incident detail [nl]', 'incident detail after phase change [nl]', 'incident edit form [nl]',
  'threat actors [nl]', 'threat actors searched [nl]', 'threat actor [nl]',
  'incidents list [en]', 'incidents list with filter errors [en]', 'incident detail [en]', 'incident form with errors [en]',
  'assessment form technical [nl]', 'assessment form intelligence [nl]', 'assessment form legal [nl]',
  'assessment form with errors [nl]', 'assessment page v1 [nl]', 'assessment page v2 [nl]', 'assessment edit form [nl]',
  'assessment page read-only [nl]', 'incident with assessments [nl]', 'incident with restricted assessment [nl]',
  'error 403 assessment edit [nl]',
  'incident with assessments [en]', 'assessment form intelligence [en]', 'assessment form with errors [en]', 'assessment page v2 [en]',
  'response plan [nl]', 'response plan with errors [nl]', 'response options [nl]', 'renewals [nl]',
  'response plan [en]', 'response options [en]', 'renewals [en]',
];

test('g. axe-core finds no WCAG 2.1 A/AA violations on any page visited', async (t) => {
  const missing = REQUIRED_PAGES.filter((k) => !audits.has(k));
  const keys = [...audits.keys()].sort();
  let failed = 0;
  for (const key of keys) {
    const entry = audits.get(key);
    // eslint-disable-next-line no-loop-func
    await t.test(key, () => {
      if (entry.violations.length > 0) {
        failed++;
        const text = formatViolations(key, entry);
        console.log(text);
        assert.fail(text);
      }
    });
  }
  console.log(`axe-core checked ${keys.length} page states (${AXE_TAGS.join(', ')}); ${failed} with violations`);
  assert.deepEqual(missing, [], `pages never checked (their story failed before reaching them): ${missing.join(', ')}`);
});
