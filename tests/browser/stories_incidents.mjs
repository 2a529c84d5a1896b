// Stories of the incident dossiers: the list and its filters, registering,
// phases and the timeline, need-to-know, the threat-actor catalogue, English.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  COORDINATOR, NCSC_LIAISON, DEMO_INCIDENTS, OPCW_TITLE, VIASAT_TITLE, COATHANGER_TITLE,
  APT28_UUID, newPage, audit, go, login, switchLanguage, incidentIdByTitle, submitIncidentFilters,
  incidentCount, incidentTitles, submitIncidentForm, assertFieldError, fact, narrowPage,
  sidewaysOverflow, assertErrorPage, STORY,
} from './lib.mjs';

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
    // The summary is Markdown: a blank line separates paragraphs.
    const summaryText = 'Aangemaakt door de **browsertest**.\n\nTweede alinea.';
    await page.locator('#summary').fill(summaryText);
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
    assert.equal(await page.locator('#summary').inputValue(), summaryText);
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
    assert.equal((await fact(page, 'Ontdekking').innerText()).trim(), '12 maart 2024');
    assert.equal((await fact(page, 'Sectoren').innerText()).trim(), 'Overheid');
    assert.equal((await fact(page, 'Landen').innerText()).trim(), 'BE, NL');
    assert.match(await fact(page, 'Need-to-know').innerText(), /\bBZ\b/);
    assert.deepEqual(await page.locator('.prose p').allInnerTexts(), ['Aangemaakt door de browsertest.', 'Tweede alinea.']);
    assert.equal(await page.locator('.prose strong').innerText(), 'browsertest', 'the Markdown is rendered');
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
      // No government named an actor for Viasat: the EU attributed it to the Russian Federation.
      assert.equal(await page.locator('dl.facts a[href^="/threat-actors/"]').count(), 0);
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
