// Stories of the assessments of an incident: intelligence, technical and
// legal assessments, revisions, restricted existence and English.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  COORDINATOR, NCSC_LIAISON, AIVD_LIAISON, EXCHANGE_TITLE, newPage, audit, go, assertLang,
  incidentIdByTitle, assertFieldError, assertFieldErrorAmong, narrowPage, sidewaysOverflow,
  assertErrorPage, STORY, assessmentFact, submitAssessmentForm, setNeedToKnow, loginOnce,
  assessmentIdFrom,
} from './lib.mjs';


// --- Assessments of an incident ---------------------------------------------------

/** The intelligence assessment story n writes; stories o to s go on with it. */
let intel = null; // { id, incidentId, summary, revised }


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
