// Stories of the application shell: logging in, the language switch, the
// dossiers, organisations and admin pages, keyboard access, reflow, and the
// checks that axe-core and the Content-Security-Policy are wired up.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ADMIN, COORDINATOR, NCSC_LIAISON, EVALUATOR, SECRET_TITLE, server, browser, newPage, runAxe,
  audit, go, login, switchLanguage, assertLang, dossierIdByTitle, narrowPage, sidewaysOverflow,
  assertErrorPage, STORY,
} from './lib.mjs';

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
