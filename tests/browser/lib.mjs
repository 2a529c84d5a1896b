// Shared set-up and helpers of the browser tests: the server and browser
// started once for the whole suite, pages, navigation, logging in, axe-core
// audits and the field-error checks. The stories are in stories_*.mjs; run.mjs
// imports them in order and ends with the accessibility summary.
//
// Nothing is built or downloaded here: the server runs from the given binary
// (VERBINDING_BIN, default target/debug/verbinding) with a fresh SQLite
// database and the demo data, on a free loopback port, and the browser is the
// system Chromium (CHROMIUM_PATH, default /usr/bin/chromium) driven by
// playwright-core.

import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, '..', '..');
export const BIN = resolve(root, process.env.VERBINDING_BIN || 'target/debug/verbinding');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const AXE = join(here, 'node_modules', 'axe-core', 'axe.min.js');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
export const CHROMIUM_ARGS = [
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

export const PASSWORD = 'verbinding-demo-2026';
export const ADMIN = 'beheer@bz.example';
export const COORDINATOR = 'coordinator@tfc.example';
export const NCSC_LIAISON = 'liaison@ncsc.example';
export const EVALUATOR = 'evaluator@bz.example';
export const AIVD_LIAISON = 'liaison@aivd.example';
/** TFC, coordinator and decision maker: may propose a decision but, by four eyes, not sign that one. */
export const DIRECTOR = 'directeur@tfc.example';
/** BZ, decision maker: signs decisions. */
export const DECISION_MAKER = 'besluit@bz.example';
export const SECRET_TITLE = 'Attributie statelijke actor — lopende casus';
/** The demo incidents, created at start; the liaison sees all but the last. */
export const DEMO_INCIDENTS = [
  'GRU-operatie tegen de OPCW in Den Haag',
  'NotPetya',
  'Misbruik van Microsoft Exchange (HAFNIUM)',
  'Viasat KA-SAT',
  'COATHANGER bij Defensie',
];
export const OPCW_TITLE = DEMO_INCIDENTS[0];
export const VIASAT_TITLE = DEMO_INCIDENTS[3];
export const COATHANGER_TITLE = DEMO_INCIDENTS[4];
/** Dep. Vertrouwelijk, need-to-know BZ, JenV, BZK, DEF, EZK: seen by AIVD, NCSC and TFC. */
export const EXCHANGE_TITLE = DEMO_INCIDENTS[2];
/** APT28 in the demo threat-actor catalogue (its MISP galaxy UUID). */
export const APT28_UUID = '5b4ee3ea-eee3-4c8e-8323-85ae32658754';

export let server; // { child, url, dir, log }
export let browser;
/** Axe results per page: key "label [lang]" -> { url, violations }. */
export const audits = new Map();

// --- Server --------------------------------------------------------------------

export async function startServer() {
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

export async function stopServer(s) {
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
export async function newPage(locale = 'nl-NL') {
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

export const htmlLang = (page) => page.locator('html').getAttribute('lang');

/** Runs axe-core on the current page; the violations, readably shaped. */
export async function runAxe(page) {
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

/** A file of the shared corpus ($VERBINDING_CORPUS, else ../shared/corpus beside the checkout, else /work/shared/corpus). */
export function corpus(relative) {
  const bases = [process.env.VERBINDING_CORPUS, resolve(root, '..', 'shared', 'corpus'), '/work/shared/corpus'].filter(Boolean);
  const found = bases.map((b) => join(b, relative)).find((p) => existsSync(p));
  if (!found) throw new Error(`corpus file ${relative} not found: set VERBINDING_CORPUS`);
  return found;
}

/** Runs axe-core on the current page and records the result under `label`. */
export async function audit(page, label) {
  const result = await runAxe(page);
  const lang = await htmlLang(page);
  const key = `${label} [${lang}]`;
  const path = new URL(page.url()).pathname;
  const previous = audits.get(key);
  audits.set(key, { path, violations: previous ? previous.violations.concat(result) : result });
  return result;
}

export function formatViolations(key, { path, violations }) {
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
export async function go(page, path, status = 200) {
  const response = await page.goto(path);
  assert.ok(response, `no response for ${path}`);
  assert.equal(response.status(), status, `GET ${path}: status`);
  return response;
}

export async function login(page, email, password = PASSWORD) {
  await go(page, '/login');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.locator('form[action="/login"] button[type="submit"]').click()]);
  await page.waitForLoadState('load');
}

/** Uses the language button in the header; returns the page it ends on. */
export async function switchLanguage(page, expected) {
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/language'),
    page.locator('#switch-language').click(),
  ]);
  await page.waitForLoadState('load');
  await assertLang(page, expected);
  const u = new URL(page.url());
  return u.pathname + u.search;
}

export async function assertLang(page, expected) {
  await page.waitForFunction((l) => document.documentElement.lang === l, expected).catch(() => {});
  assert.equal(await htmlLang(page), expected, '<html lang>');
}

/** Finds the id of the dossier with this title in the viewer's list. */
export async function dossierIdByTitle(page, title) {
  await go(page, '/dossiers');
  const href = await page.locator('table a[href^="/dossiers/"]', { hasText: title }).first().getAttribute('href');
  const m = /^\/dossiers\/(\d+)$/.exec(href || '');
  assert.ok(m, `dossier "${title}" listed`);
  return Number(m[1]);
}

/** Finds the id of the incident with this title in the viewer's list. */
export async function incidentIdByTitle(page, title) {
  await go(page, '/incidents');
  const href = await page.locator('table a[href^="/incidents/"]', { hasText: title }).first().getAttribute('href');
  const m = /^\/incidents\/(\d+)$/.exec(href || '');
  assert.ok(m, `incident "${title}" listed`);
  return Number(m[1]);
}

/** Submits the incident filter form; returns the response after checking its status. */
export async function submitIncidentFilters(page, status = 200) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'GET' && r.request().resourceType() === 'document' && new URL(r.url()).pathname === '/incidents'),
    page.locator('main form.filters button[type="submit"]').click(),
  ]);
  await page.waitForLoadState('load');
  assert.equal(response.status(), status, `filter ${new URL(response.url()).search}: status`);
  return response;
}

export const incidentCount = async (page) => Number((await page.locator('#incident-count').innerText()).trim());
export const incidentTitles = (page) => page.locator('main table tbody tr td:first-child').allInnerTexts();

/** Submits the incident form (new or edit) and waits for the answer to its POST. */
export async function submitIncidentForm(page) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && /^\/incidents(\/\d+)?$/.test(new URL(r.url()).pathname)),
    page.locator('main form button[type="submit"].primary').click(),
  ]);
  await page.waitForLoadState('load');
  return response;
}

/** Checks a field error: the control is invalid and described by the visible message. */
export async function assertFieldError(page, control, name, text) {
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
export async function assertFieldErrorAmong(page, control, name, text) {
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
export const fact = (page, term) => page.locator('dl.facts dt', { hasText: term }).locator('xpath=following-sibling::dd[1]');

/** The tabs of an incident's pages, in order: (Dutch, English, path after /incidents/{id}). */
export const INCIDENT_TABS = [
  ['Overzicht', 'Overview', ''],
  ['Beoordelingen', 'Assessments', '/assessments'],
  ['Respons', 'Response', '/response'],
  ['Consultatie', 'Consultation', '/consultation'],
  ['Besluiten', 'Decisions', '/decisions'],
  ['Draaiboeken', 'Playbooks', '/executions'],
  ['Partners', 'Partners', '/partners'],
  ['Tijdlijn', 'Timeline', '/timeline'],
];

/** A link in the tab navigation of an incident page, by its Dutch name. */
export const incidentTab = (page, name) =>
  page.getByRole('navigation', { name: 'Onderdelen van het incident' }).getByRole('link', { name, exact: true });

/** Follows an incident tab (Dutch name) to the page it names (every tab is a page); checks it is then the current one. */
export async function openIncidentTab(page, incidentId, name) {
  const [, , suffix] = INCIDENT_TABS.find(([nl]) => nl === name);
  const path = `/incidents/${incidentId}${suffix}`;
  await Promise.all([page.waitForURL((u) => u.pathname === path), incidentTab(page, name).click()]);
  await page.waitForLoadState('load');
  assert.equal(await page.locator('nav.tabs a[aria-current="page"]').innerText(), name, `the current tab after following "${name}"`);
}

/**
 * Clicks a submit button, waits for the answer to the form's POST to `path`
 * and for the page it leads to (the redirect's target or the re-rendered form).
 */
export async function submitTo(page, path, button) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === path),
    button.click(),
  ]);
  if (response.status() === 303) {
    const target = new URL(response.headers().location, page.url()).pathname;
    await page.waitForURL((u) => u.pathname === target);
  }
  await page.waitForLoadState('load');
  return response;
}

/**
 * Checks the error summary: shown as an alert, focused, and every link in it
 * leads to an element on the page (a link to nothing leaves keyboard and
 * screen-reader users stranded).
 */
export async function assertErrorSummary(page) {
  const summary = page.locator('#error-summary');
  assert.ok(await summary.isVisible(), 'an error summary is shown');
  assert.equal(await summary.getAttribute('role'), 'alert');
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'error-summary');
  const hrefs = await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(hrefs.length > 0, 'the summary lists the errors');
  for (const href of hrefs) {
    assert.equal(await page.locator(href).count(), 1, `the summary link ${href} leads to one element on the page`);
    assert.ok(await page.locator(href).isVisible(), `the target of the summary link ${href} is visible`);
  }
  return summary;
}

/** A browser context 320 CSS pixels wide (the WCAG 1.4.10 reflow width). */
export async function narrowPage() {
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
export async function sidewaysOverflow(page, label) {
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
export async function assertErrorPage(page, response, status, heading) {
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

// Registered when this module is first imported, before any story module
// registers its tests: the server and the browser are started once for the
// whole suite and stopped after the last test.
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

export const STORY = { timeout: 60_000 };

// --- Sessions and assessment forms ------------------------------------------------

/** The exact-term fact of an assessment page: the first match, the current content. */
export const assessmentFact = (page, term) =>
  page.locator('dl.facts dt').filter({ hasText: new RegExp(`^${term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).first().locator('xpath=following-sibling::dd[1]');

/** Submits the assessment form (new or revision) and waits for the answer to its POST. */
export async function submitAssessmentForm(page) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && /^\/(incidents\/\d+\/assessments|assessments\/\d+)$/.test(new URL(r.url()).pathname)),
    page.locator('main form button[type="submit"].primary').click(),
  ]);
  await page.waitForLoadState('load');
  return response;
}

/** Checks exactly these need-to-know organisations on the marking fields. */
export async function setNeedToKnow(page, codes) {
  for (const box of await page.locator('input[name="need_to_know"]').all()) {
    await box.setChecked(codes.includes(await box.getAttribute('value')));
  }
}

/** Session cookies per user once logged in here, so the later stories need not log in again. */
export const sessions = new Map();

/** Logs in through the form the first time, then reuses that session. */
export async function loginOnce(page, email) {
  const cookies = sessions.get(email);
  if (cookies) {
    await page.context().addCookies(cookies);
    return;
  }
  await login(page, email);
  sessions.set(email, await page.context().cookies());
}

/** The id of the assessment page the browser is on. */
export function assessmentIdFrom(page) {
  const m = /^\/assessments\/(\d+)$/.exec(new URL(page.url()).pathname);
  assert.ok(m, `on an assessment page: ${page.url()}`);
  return Number(m[1]);
}
