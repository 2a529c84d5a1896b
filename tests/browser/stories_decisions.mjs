// The whole story of an incident, in Dutch, from the report to a signed
// attribution decision: the coordinator registers the incident, NCSC and AIVD
// assess it, the coordinator proposes a public attribution (warned about as
// disproportionate) and consults NCSC and AIVD, NCSC objects, the director
// proposes the attribution decision but may not sign it (four eyes), the
// decision maker of BZ signs it, the warning about a missing attribution
// decision disappears and the timeline shows every step. Then the consultation
// and decisions pages in English, keyboard access to the tabs and reflow.
//
// The stories v1 to v6 go on with one another's incident; each checks that
// the one before it got as far as it needs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  COORDINATOR, NCSC_LIAISON, AIVD_LIAISON, DIRECTOR, DECISION_MAKER, INCIDENT_TABS, newPage, audit, go,
  assertLang, submitIncidentForm, assertFieldError, assertFieldErrorAmong, fact, narrowPage,
  sidewaysOverflow, STORY, assessmentFact, submitAssessmentForm, setNeedToKnow, loginOnce,
  assessmentIdFrom, incidentTab, openIncidentTab, submitTo, assertErrorSummary, PASSWORD, switchLanguage,
} from './lib.mjs';

/** What the story has made so far: ids of the incident, assessments, measure, round and decision. */
const story = {};

const WARNING_RANK = 'het escalatieniveau van deze maatregel gaat verder dan de beoordelingen ondersteunen';
const WARNING_NO_DECISION = 'openbare attributie zonder attributiebesluit';
const PROPOSAL = 'Nederland schrijft de aanval publiekelijk toe aan de Russische Federatie.';
const MEASURE_RATIONALE = 'Publieke attributie door de minister, samen met de partners';
const OBJECTION = 'Het technische beeld is nog niet compleet; wacht de forensische analyse af.';

/** A moment about two days from now as a datetime-local value (read in the viewer's zone, Amsterdam): YYYY-MM-DDTHH:MM. */
const inTwoDays = () => new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 16);

/** The line of the response plan with the proposed public attribution. */
const measureLine = (page) => page.locator('ul.plan > li', { hasText: MEASURE_RATIONALE });

/** The row of an organisation in the answers table of the round. */
const answerRow = (page, org) => page.locator(`#round-${story.round} table tbody tr`, { has: page.locator(`th:text-is("${org}")`) });

/** The result line of the round ("Nog open", "Niet aangenomen — bezwaar van NCSC", ...). */
const roundResult = async (page) => (await page.locator(`#round-${story.round} dl.facts dt:text-is("Uitkomst") + dd`).innerText()).trim();

/** The timeline entries of the incident page the browser is on. */
const timelineEntries = (page) => page.locator('#timeline ol.timeline li').allInnerTexts();

test('v1. the whole story: the coordinator registers an incident for BZ, JenV and BZK', STORY, async () => {
  const page = await newPage('nl-NL');
  try {
    await loginOnce(page, COORDINATOR);
    await go(page, '/incidents/new');
    const title = `Browsertest gehele verhaal ${Date.now()}`;
    await page.locator('#title').fill(title);
    await page.locator('#summary').fill('Wiper-aanval op een ministerie, gemeld door het NCSC.');
    await page.locator('#severity').selectOption('severe');
    await page.locator('#first_activity').fill('2026-01-05');
    await page.locator('#discovery').fill('2026-01-06');
    await page.locator('#countries').fill('NL');
    await page.locator('#actors').fill('APT28');
    await page.locator('#sector-public-administration').check();
    await page.locator('#effect-disruption').check();
    // BZ for the decision maker (and TFC, a unit of BZ); JenV for NCSC; BZK for AIVD.
    await setNeedToKnow(page, ['BZ', 'JenV', 'BZK']);
    const saved = await submitIncidentForm(page);
    assert.equal(saved.status(), 303, 'a valid incident is answered with a redirect');
    await page.waitForURL((u) => /^\/incidents\/\d+$/.test(u.pathname));
    await page.waitForLoadState('load');
    story.incident = Number(/^\/incidents\/(\d+)$/.exec(new URL(page.url()).pathname)[1]);
    story.title = title;
    assert.equal(await page.locator('h1').innerText(), title);
    const ntk = (await fact(page, 'Need-to-know').innerText()).split(/,\s*/).map((x) => x.trim()).sort();
    assert.deepEqual(ntk, ['BZ', 'BZK', 'JenV']);

    // The tabs: all of them, in order, leading where they say; the overview is the current one.
    const tabs = page.getByRole('navigation', { name: 'Onderdelen van het incident' }).getByRole('link');
    assert.deepEqual(await tabs.allInnerTexts(), INCIDENT_TABS.map(([nl]) => nl));
    assert.deepEqual(
      await tabs.evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
      INCIDENT_TABS.map(([, , suffix]) => `/incidents/${story.incident}${suffix}`),
    );
    assert.deepEqual(await tabs.evaluateAll((as) => as.map((a) => a.getAttribute('aria-current'))), ['page', ...INCIDENT_TABS.slice(1).map(() => null)]);
    assert.equal(await page.locator('nav.tabs').count(), 1, 'one tab navigation');
    await audit(page, 'incident detail');
  } finally {
    await page.context().close();
  }
});

test('v2. the whole story: NCSC adds a technical assessment, AIVD an intelligence assessment of low confidence', STORY, async () => {
  assert.ok(story.incident, 'story v1 registered the incident');
  const ncsc = await newPage('nl-NL');
  try {
    await loginOnce(ncsc, NCSC_LIAISON);
    await go(ncsc, `/incidents/${story.incident}`);
    assert.equal(await ncsc.locator('h1').innerText(), story.title, 'NCSC (a unit of JenV) sees the incident');
    await Promise.all([
      ncsc.waitForURL((u) => u.pathname === `/incidents/${story.incident}/assessments/new`),
      ncsc.getByRole('link', { name: 'Beoordeling toevoegen: technische beoordeling', exact: true }).click(),
    ]);
    await ncsc.waitForLoadState('load');
    await ncsc.locator('#summary').fill('Wiper-malware op twintig werkplekken; C2 via gecompromitteerde routers.');
    await ncsc.locator('#confidence').selectOption('moderate');
    await ncsc.locator('#indicators').fill('CVE-2024-0001');
    await setNeedToKnow(ncsc, ['NCSC', 'BZ']);
    assert.equal((await submitAssessmentForm(ncsc)).status(), 303);
    await ncsc.waitForURL((u) => /^\/assessments\/\d+$/.test(u.pathname));
    story.technical = assessmentIdFrom(ncsc);
    assert.equal(await ncsc.locator('h1').innerText(), 'Technische beoordeling — NCSC');
  } finally {
    await ncsc.context().close();
  }

  const aivd = await newPage('nl-NL');
  try {
    await loginOnce(aivd, AIVD_LIAISON);
    await go(aivd, `/incidents/${story.incident}`);
    assert.equal(await aivd.locator('h1').innerText(), story.title, 'AIVD (a unit of BZK) sees the incident');
    await Promise.all([
      aivd.waitForURL((u) => u.pathname === `/incidents/${story.incident}/assessments/new`),
      aivd.getByRole('link', { name: 'Beoordeling toevoegen: inlichtingenbeoordeling', exact: true }).click(),
    ]);
    await aivd.waitForLoadState('load');
    await aivd.locator('#summary').fill('Aanwijzingen voor GRU-eenheid 74455, maar de bronnen zijn dun.');
    await aivd.locator('#likelihood').selectOption('roughly-even-chance');
    await aivd.locator('#confidence').selectOption('low');
    await aivd.locator('#attributed_state').fill('RU');
    await setNeedToKnow(aivd, ['AIVD', 'BZ']);
    assert.equal((await submitAssessmentForm(aivd)).status(), 303);
    await aivd.waitForURL((u) => /^\/assessments\/\d+$/.test(u.pathname));
    story.intelligence = assessmentIdFrom(aivd);
    assert.equal(await aivd.locator('h1').innerText(), 'Inlichtingenbeoordeling — AIVD');
    assert.equal((await assessmentFact(aivd, 'Betrouwbaarheid van het oordeel').innerText()).trim(), 'Laag');
  } finally {
    await aivd.context().close();
  }
});

test('v3. the whole story: the coordinator proposes a public attribution, is warned, and opens a consultation round', STORY, async () => {
  assert.ok(story.technical && story.intelligence, 'story v2 added both assessments');
  const page = await newPage('nl-NL');
  try {
    await loginOnce(page, COORDINATOR);
    await go(page, `/incidents/${story.incident}`);
    await openIncidentTab(page, story.incident, 'Respons');
    assert.equal(await page.locator('h1').innerText(), `Responsplan: ${story.title}`);
    assert.match(await page.locator('main').innerText(), /Hoogste betrouwbaarheid in de inlichtingenbeoordelingen die u mag zien: Laag/);

    await page.locator('#option').selectOption('nl-public-attribution');
    await page.locator('#rationale').fill(MEASURE_RATIONALE);
    const proposed = await submitTo(page, `/incidents/${story.incident}/response`, page.getByRole('button', { name: 'Maatregel voorstellen' }));
    assert.equal(proposed.status(), 303);
    const line = measureLine(page);
    assert.equal(await line.count(), 1, 'the measure is in the plan');
    assert.match(await line.locator('h3').innerText(), /^Nationale publieke attributie/);
    story.measure = Number(await line.locator('input[name="item"]').getAttribute('value'));
    // Both proportionality warnings, visibly.
    const warnings = line.locator('p.warning');
    const texts = await warnings.allInnerTexts();
    assert.ok(texts.some((w) => w.includes(WARNING_RANK)), `the rank warning: ${texts.join(' | ')}`);
    assert.ok(texts.some((w) => w.includes(WARNING_NO_DECISION)), `the missing-decision warning: ${texts.join(' | ')}`);
    for (const w of await warnings.all()) assert.ok(await w.isVisible(), 'each warning is visible');
    await audit(page, 'response plan');

    // No decisions yet.
    await openIncidentTab(page, story.incident, 'Besluiten');
    assert.equal(await page.locator('h1').innerText(), `Besluiten: ${story.title}`);
    assert.match(await page.locator('main').innerText(), /Er zijn nog geen besluiten\./);
    await audit(page, 'decisions empty');

    // No round yet.
    await openIncidentTab(page, story.incident, 'Consultatie');
    assert.equal(await page.locator('h1').innerText(), `Consultatie: ${story.title}`);
    assert.match(await page.title(), new RegExp(`^Consultatie — ${story.title}`));
    assert.match(await page.locator('main').innerText(), /Er is nog geen consultatieronde geopend\./);
    await audit(page, 'consultation empty');

    // The round, first without a proposal.
    const deadline = inTwoDays();
    await page.locator('#subject').selectOption('attribution');
    await page.locator('#proposal').fill('');
    await page.locator('#rule-consensus').check();
    await page.locator('#deadline').fill(deadline);
    await page.locator('#org-NCSC').check();
    await page.locator('#org-AIVD').check();
    await page.locator(`#measure-${story.measure}`).check();
    const open = () => submitTo(page, `/incidents/${story.incident}/consultation`, page.getByRole('button', { name: 'Consultatieronde openen' }));
    assert.equal((await open()).status(), 422, 'a round without a proposal is refused');
    const summary = await assertErrorSummary(page);
    assert.deepEqual(await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))), ['#proposal']);
    await assertFieldError(page, '#proposal', 'proposal', 'Dit veld is verplicht.');
    // What was chosen is kept.
    assert.equal(await page.locator('#subject').inputValue(), 'attribution');
    assert.ok(await page.locator('#rule-consensus').isChecked(), 'the rule is kept');
    assert.equal(await page.locator('#deadline').inputValue(), deadline);
    assert.ok(await page.locator('#org-NCSC').isChecked() && await page.locator('#org-AIVD').isChecked(), 'the organisations are kept');
    assert.ok(!(await page.locator('#org-MIVD').isChecked()), 'no other organisation is checked');
    assert.ok(await page.locator(`#measure-${story.measure}`).isChecked(), 'the measure is kept');
    await audit(page, 'consultation form with errors');
    await summary.locator('a[href="#proposal"]').click();
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'proposal');

    await page.keyboard.type(PROPOSAL);
    const opened = await open();
    assert.equal(opened.status(), 303);
    story.round = Number(/#round-(\d+)$/.exec(opened.headers().location)[1]);
    // The demo holds earlier rounds: the page numbers the incident's own (round 1), the address keeps the id.
    assert.ok(story.round > 1, `the round's id is global: ${story.round}`);
    assert.equal((await page.locator('main .notice[role="status"]').innerText()).trim(), 'De consultatieronde is geopend.');
    const round = page.locator(`#round-${story.round}`);
    assert.equal(await round.locator('h2').innerText(), `Ronde 1: Attributie`);
    assert.equal((await round.locator('p.pre').innerText()).trim(), PROPOSAL);
    assert.equal(await roundResult(page), 'Nog open');
    for (const org of ['AIVD', 'NCSC']) assert.match(await answerRow(page, org).innerText(), /Nog geen antwoord/, `${org} has not answered`);
    assert.match(await round.locator('dl.facts').innerText(), /Consensus zonder bezwaar/);
    assert.match(await round.locator('dl.facts').innerText(), /Nationale publieke attributie/);
    assert.equal(await round.locator('form').count(), 0, 'TFC is not consulted, so no answer form for the coordinator');
    assert.equal(await page.locator('#error-summary').count(), 0);
    await audit(page, 'consultation open round');

    // The measure is now in consultation.
    await openIncidentTab(page, story.incident, 'Respons');
    assert.match(await measureLine(page).locator('h3').innerText(), /In consultatie/);
  } finally {
    await page.context().close();
  }
});

test('v4. the whole story: AIVD agrees, NCSC objects (explaining why, after being asked to): the round is not adopted', STORY, async () => {
  assert.ok(story.round, 'story v3 opened the round');
  const path = `/incidents/${story.incident}/consultation/answer`;
  const aivd = await newPage('nl-NL');
  try {
    await loginOnce(aivd, AIVD_LIAISON);
    await go(aivd, `/incidents/${story.incident}`);
    await openIncidentTab(aivd, story.incident, 'Consultatie');
    assert.match(await aivd.locator(`#round-${story.round} legend`).innerText(), /^Antwoord van uw organisatie \(AIVD\)/);
    await aivd.locator(`#answer-${story.round}-agree`).check();
    const sent = await submitTo(aivd, path, aivd.getByRole('button', { name: `Antwoord versturen Ronde 1`, exact: true }));
    assert.equal(sent.status(), 303);
    assert.equal((await aivd.locator('main .notice[role="status"]').innerText()).trim(), 'Uw antwoord is vastgelegd.');
    assert.match(await answerRow(aivd, 'AIVD').innerText(), /Akkoord/);
    assert.equal(await roundResult(aivd), 'Nog open', 'NCSC has yet to answer');
  } finally {
    await aivd.context().close();
  }

  const ncsc = await newPage('nl-NL');
  try {
    await loginOnce(ncsc, NCSC_LIAISON);
    await go(ncsc, `/incidents/${story.incident}/consultation`);
    assert.match(await answerRow(ncsc, 'AIVD').innerText(), /Akkoord/, 'NCSC sees the answer of AIVD');
    // An objection without an explanation.
    await ncsc.locator(`#answer-${story.round}-object`).check();
    const send = () => submitTo(ncsc, path, ncsc.getByRole('button', { name: `Antwoord versturen Ronde 1`, exact: true }));
    assert.equal((await send()).status(), 422, 'an objection without an explanation is refused');
    const summary = await assertErrorSummary(ncsc);
    assert.equal(await summary.locator('a[href="#explanation"]').count(), 1, 'the summary links to the explanation');
    assert.match(await summary.innerText(), /Toelichting: Licht een bezwaar/, 'the summary names the field as labelled');
    await assertFieldErrorAmong(ncsc, '#explanation', 'explanation', 'Licht een bezwaar of opmerkingen toe in de toelichting.');
    assert.ok(await ncsc.locator('#answer-object').isChecked(), 'the chosen answer is kept');
    assert.equal(await roundResult(ncsc), 'Nog open', 'nothing was recorded');
    await audit(ncsc, 'consultation answer with errors');
    // A second tab, opened while the round is open: its form goes stale when the answer below closes the round.
    const stale = await ncsc.context().newPage();
    stale.setDefaultTimeout(10_000);
    await go(stale, `/incidents/${story.incident}/consultation`);
    await ncsc.bringToFront();
    await summary.locator('a[href="#explanation"]').click();
    await ncsc.waitForFunction(() => document.activeElement && document.activeElement.id === 'explanation');

    await ncsc.keyboard.type(OBJECTION);
    assert.equal((await send()).status(), 303);
    assert.equal((await ncsc.locator('main .notice[role="status"]').innerText()).trim(), 'Uw antwoord is vastgelegd.');
    // Everyone consulted has answered: the round is closed, not adopted.
    assert.equal(await roundResult(ncsc), 'Niet aangenomen — bezwaar van NCSC');
    const row = await answerRow(ncsc, 'NCSC').innerText();
    assert.match(row, /Bezwaar/);
    assert.ok(row.includes(OBJECTION), `the explanation is shown: ${row}`);
    assert.match(await ncsc.locator(`#round-${story.round} dl.facts`).innerText(), /Gesloten op/);
    assert.equal(await ncsc.locator(`#round-${story.round} form`).count(), 0, 'no answer form once the round is closed and answered');
    await audit(ncsc, 'consultation closed round');

    // The stale tab's answer is refused: NCSC's objection stands, and the page says why, with the round.
    await stale.bringToFront();
    await stale.locator(`#answer-${story.round}-agree`).check();
    const refused = await submitTo(stale, path, stale.getByRole('button', { name: `Antwoord versturen Ronde 1`, exact: true }));
    assert.equal(refused.status(), 422, 'a second answer to a closed round is refused');
    await assertErrorSummary(stale);
    const closedError = stale.locator(`#round-${story.round} #round-error`);
    assert.ok(await closedError.isVisible(), 'the refusal is shown with the round');
    assert.equal((await closedError.innerText()).trim(), 'Deze ronde is gesloten en het antwoord van uw organisatie staat vast.');
    assert.equal(await roundResult(stale), 'Niet aangenomen — bezwaar van NCSC', 'the objection stands');
    await audit(stale, 'consultation answer with errors');
  } finally {
    await ncsc.context().close();
  }
});

test('v5. the whole story: the director proposes the attribution decision, may not sign it; the decision maker signs', STORY, async () => {
  assert.ok(story.round, 'story v3 opened the round');
  const director = await newPage('nl-NL');
  try {
    await loginOnce(director, DIRECTOR);
    await go(director, `/incidents/${story.incident}`);
    await openIncidentTab(director, story.incident, 'Besluiten');
    assert.ok(await director.locator('#kind-attribution').isChecked(), 'an attribution decision by default');
    await director.locator('#kind-attribution').check();
    await director.locator('#outcome').selectOption('attribute-publicly');
    await director.locator('#state').fill('RU');
    await director.locator(`#basis-${story.technical}`).check();
    await director.locator(`#basis-${story.intelligence}`).check();
    await director.locator('#round').selectOption(String(story.round));
    assert.match(await director.locator('#round').evaluate((s) => s.selectedOptions[0].textContent), new RegExp(`^Ronde 1: Attributie \\(Niet aangenomen\\)$`));
    await director.locator('#rationale').fill('Ondanks het bezwaar van NCSC: de politieke weging valt uit voor publieke attributie.');
    const proposed = await submitTo(director, `/incidents/${story.incident}/decisions`, director.getByRole('button', { name: 'Besluit voorstellen' }));
    assert.equal(proposed.status(), 303);
    story.decision = Number(/#decision-(\d+)$/.exec(proposed.headers().location)[1]);
    assert.equal((await director.locator('main .notice[role="status"]').innerText()).trim(), 'Het besluit is voorgesteld.');
    const decision = director.locator(`#decision-${story.decision}`);
    assert.equal(await decision.locator('h2').innerText(), `Besluit 1: Attributiebesluit — Publiek attribueren`);
    // Four eyes: the director is a decision maker, but proposed this one, and is offered no signature.
    assert.equal(await decision.locator('p strong').first().innerText(), 'Voorgesteld door u; een andere beslisser tekent het');
    assert.equal(await decision.getByRole('link', { name: /^Beoordelen en tekenen/ }).count(), 0, 'no way to sign one\'s own proposal');
    const facts = await decision.locator('dl.facts').innerText();
    assert.match(facts, /Verantwoordelijke staat\s+RU/);
    assert.match(facts, /Technische beoordeling — NCSC/);
    assert.match(facts, /Inlichtingenbeoordeling — AIVD/);
    assert.match(facts, new RegExp(`Ronde 1: Niet aangenomen`));
    assert.match(facts, /Voorgesteld door\s+directeur@tfc\.example/);
    await audit(director, 'decisions proposed');
  } finally {
    await director.context().close();
  }

  const signer = await newPage('nl-NL');
  try {
    await loginOnce(signer, DECISION_MAKER);
    // The proposal waits on the decision maker's dashboard, with a link to it.
    await go(signer, '/');
    const waiting = signer.locator('#waiting');
    assert.equal(await waiting.locator('h2').innerText(), 'Wacht op u');
    const toSign = waiting.locator(`a[href="/incidents/${story.incident}/decisions#decision-${story.decision}"]`);
    assert.match(await toSign.innerText(), new RegExp(`^Teken besluit 1 \\(publiek attribueren\\)$`));
    await audit(signer, 'dashboard waiting for you');
    await go(signer, `/incidents/${story.incident}/decisions`);
    assert.equal(await signer.locator('#propose').count(), 0, 'a decision maker proposes nothing');
    // Signing starts with a review of what is signed; an attribution asks for the password.
    await Promise.all([
      signer.waitForURL((u) => u.pathname === `/incidents/${story.incident}/decisions/${story.decision}/sign`),
      signer.getByRole('link', { name: `Beoordelen en tekenen: besluit 1`, exact: true }).click(),
    ]);
    await signer.waitForLoadState('load');
    assert.equal(await signer.locator('#summary-heading').innerText(), 'Wat u tekent');
    assert.match(await signer.locator('section[aria-labelledby="summary-heading"] dl.facts').innerText(), /Publiek attribueren/);
    await audit(signer, 'decision review');
    const confirm = signer.getByRole('button', { name: `Ja, ik teken besluit 1`, exact: true });
    const refused = await submitTo(signer, `/incidents/${story.incident}/decisions/sign`, confirm);
    assert.equal(refused.status(), 422, 'no signature without the password');
    assert.match(await (await assertErrorSummary(signer)).innerText(), /Wachtwoord|Uw wachtwoord/);
    await audit(signer, 'decision review without password');
    await signer.locator('#password').fill(PASSWORD);
    // The round was not settled by every invited organisation: the signer says why they sign now.
    if (await signer.locator('#override_reason').count()) {
      assert.match(await signer.locator('#consultation-warning').innerText(), /consultatie is nog niet afgerond/);
      await signer.locator('#override_reason').fill('De minister besluit vandaag; het bezwaar van NCSC is gewogen.');
    }
    const signed = await submitTo(
      signer,
      `/incidents/${story.incident}/decisions/sign`,
      signer.getByRole('button', { name: `Ja, ik teken besluit 1`, exact: true }),
    );
    assert.equal(signed.status(), 303);
    assert.equal((await signer.locator('main .notice[role="status"]').innerText()).trim(), 'Het besluit is getekend en verzegeld.');
    const decision = signer.locator(`#decision-${story.decision}`);
    assert.equal(await decision.locator('p strong').first().innerText(), 'Getekend en van kracht');
    const signedBy = signer.locator(`#decision-${story.decision} dl.facts dt:text-is("Getekend door") + dd`);
    assert.match(await signedBy.innerText(), /^besluit@bz\.example, /);
    const seal = signer.locator(`#decision-${story.decision} dl.facts dt:text-is("Zegel (SHA-256)") + dd`);
    assert.match((await seal.locator('.seal').innerText()).trim(), /^[0-9a-f]{64}$/);
    assert.match(await seal.innerText(), /klopt met de inhoud$/);
    assert.equal(await signer.getByRole('link', { name: `Beoordelen en tekenen: besluit 1`, exact: true }).count(), 0, 'no way to sign once signed');
    story.signed = true;
    await audit(signer, 'decisions signed');
  } finally {
    await signer.context().close();
  }
});

test('v6. the whole story: the warning about a missing decision is gone and the timeline shows every step', STORY, async () => {
  assert.ok(story.signed, 'story v5 signed the decision');
  const page = await newPage('nl-NL');
  try {
    await loginOnce(page, COORDINATOR);
    await go(page, `/incidents/${story.incident}/response`);
    const warnings = (await measureLine(page).locator('p.warning').allInnerTexts()).join(' | ');
    assert.doesNotMatch(warnings, new RegExp(WARNING_NO_DECISION), 'the public attribution is decided');
    assert.match(warnings, new RegExp(WARNING_RANK), 'the low confidence still does not support it');

    await go(page, `/incidents/${story.incident}`);
    // The timeline tab is a page of its own.
    await openIncidentTab(page, story.incident, 'Tijdlijn');
    assert.equal(await page.locator('#assessments').count(), 0, 'the timeline page shows the timeline only');
    await audit(page, 'incident timeline tab');
    for (const [name, part, key] of [['Beoordelingen', '#assessments', 'incident assessments tab'], ['Partners', '#partners', 'incident partners tab']]) {
      await openIncidentTab(page, story.incident, name);
      assert.equal(await page.locator(part).count(), 1, `the ${name} page shows its part`);
      assert.equal(await page.locator('#timeline').count(), 0, `the ${name} page shows that part only`);
      await audit(page, key);
    }
    await openIncidentTab(page, story.incident, 'Tijdlijn');
    const entries = await timelineEntries(page);
    const steps = [
      /Gemeld/,
      /Beoordeling toegevoegd: Technische beoordeling \(liaison@ncsc\.example\)/,
      /Beoordeling toegevoegd: Inlichtingenbeoordeling \(liaison@aivd\.example\)/,
      /Maatregel voorgesteld/,
      new RegExp(`Consultatieronde geopend: Ronde 1, Attributie \\(AIVD, NCSC\\)`),
      new RegExp(`Antwoord in consultatie: Ronde 1, AIVD: Akkoord`),
      new RegExp(`Antwoord in consultatie: Ronde 1, NCSC: Bezwaar`),
      new RegExp(`Consultatieronde gesloten: Ronde 1, Niet aangenomen`),
      new RegExp(`Besluit voorgesteld: Besluit 1, Attributiebesluit — Publiek attribueren \\(directeur@tfc\\.example\\)`),
      new RegExp(`Besluit getekend: Besluit 1, Attributiebesluit — Publiek attribueren \\(besluit@bz\\.example\\)`),
    ];
    let at = -1;
    for (const step of steps) {
      const found = entries.findIndex((e, i) => i > at && step.test(e));
      assert.ok(found > at, `${step} on the timeline after entry ${at}:\n${entries.join('\n')}`);
      at = found;
    }
    assert.equal(entries.filter((e) => /Antwoord in consultatie/.test(e)).length, 2, 'two answers');
    const toDecision = (await page.locator('#durations dt:text-is("Tijd tot attributiebesluit") + dd').innerText()).trim();
    assert.match(toDecision, /^\d+(,\d)? uur$/, `the time to the attribution decision is filled in: "${toDecision}"`);
    // The timeline links to the round and the decision.
    assert.equal(await page.locator(`#timeline a[href="/incidents/${story.incident}/consultation#round-${story.round}"]`).count(), 1);
    assert.equal(await page.locator(`#timeline a[href="/incidents/${story.incident}/decisions#decision-${story.decision}"]`).count(), 2);
    await audit(page, 'incident timeline with decisions');
  } finally {
    await page.context().close();
  }
});

test('v7. the print views of the incident and of the signed decision carry the marking on every printed page', STORY, async () => {
  assert.ok(story.signed, 'story v5 signed the decision');
  const page = await newPage('nl-NL');
  try {
    await loginOnce(page, COORDINATOR);
    await go(page, `/incidents/${story.incident}`);
    await Promise.all([
      page.waitForURL((u) => u.pathname === `/incidents/${story.incident}/print`),
      page.getByRole('link', { name: 'Afdrukversie', exact: true }).click(),
    ]);
    await page.waitForLoadState('load');
    // No menus and no forms; the marking above and below the content.
    assert.equal(await page.locator('nav, form').count(), 0, 'no menus or forms');
    const top = await page.locator('thead #marking-top').innerText();
    assert.match(top, /TLP:/);
    assert.equal(await page.locator('tfoot #marking-bottom').innerText(), top);
    assert.match(await page.locator('ol.timeline').innerText(), /Besluit getekend/);
    await audit(page, 'incident print view');
    // Printed: the frame's header and footer rows repeat on each page (and the back link is not printed).
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('thead').evaluate((e) => getComputedStyle(e).display), 'table-header-group');
    assert.equal(await page.locator('tfoot').evaluate((e) => getComputedStyle(e).display), 'table-footer-group');
    assert.equal(await page.locator('p.no-print').evaluate((e) => getComputedStyle(e).display), 'none');
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 1000, 'the page prints');
    await page.emulateMedia({ media: 'screen' });

    await go(page, `/incidents/${story.incident}/decisions`);
    await Promise.all([
      page.waitForURL((u) => u.pathname === `/incidents/${story.incident}/decisions/${story.decision}/print`),
      page.getByRole('link', { name: 'Afdrukversie van besluit 1' }).click(),
    ]);
    await page.waitForLoadState('load');
    assert.match(await page.locator('h1').innerText(), /Besluit 1: Attributiebesluit — Publiek attribueren/);
    assert.match(await page.locator('main').innerText(), /Zegel/);
    assert.equal(await page.locator('nav, form').count(), 0);
    assert.equal(await page.locator('tfoot #marking-bottom').innerText(), top);
    await audit(page, 'decision print view');
    // The print view has no language switch (no forms): switched on the decisions page, it follows.
    await go(page, `/incidents/${story.incident}/decisions`);
    await switchLanguage(page, 'en');
    await go(page, `/incidents/${story.incident}/decisions/${story.decision}/print`);
    assert.match(await page.locator('h1').innerText(), /Decision 1/);
    await audit(page, 'decision print view');
    await go(page, `/incidents/${story.incident}/decisions`);
    await switchLanguage(page, 'nl');
  } finally {
    await page.context().close();
  }
});

test('w. the consultation and decisions pages in English', STORY, async () => {
  assert.ok(story.signed, 'story v5 signed the decision');
  // The director never chose a language, so the English browser's counts.
  const page = await newPage('en-GB');
  try {
    await loginOnce(page, DIRECTOR);
    await go(page, `/incidents/${story.incident}/consultation`);
    await assertLang(page, 'en');
    assert.equal(await page.locator('h1').innerText(), `Consultation: ${story.title}`);
    const nav = page.getByRole('navigation', { name: 'Sections of the incident' });
    assert.deepEqual(await nav.getByRole('link').allInnerTexts(), INCIDENT_TABS.map(([, en]) => en));
    assert.equal(await nav.locator('a[aria-current="page"]').innerText(), 'Consultation');
    const round = page.locator(`#round-${story.round}`);
    assert.equal(await round.locator('h2').innerText(), `Round 1: Attribution`);
    assert.match(await round.locator('dl.facts').innerText(), /Consensus without objection/);
    assert.match(await round.locator('dl.facts').innerText(), /Not adopted — objection from NCSC/);
    assert.equal(await page.locator('label[for="rule-consensus"]').innerText(),
      'Consensus without objection — adopted unless someone objects in time; no answer counts as consent (silence procedure)');
    assert.equal(await page.getByRole('button', { name: 'Open a consultation round' }).count(), 1);
    await audit(page, 'consultation');

    await go(page, `/incidents/${story.incident}/decisions`);
    assert.equal(await page.locator('h1').innerText(), `Decisions: ${story.title}`);
    const decision = page.locator(`#decision-${story.decision}`);
    assert.equal(await decision.locator('h2').innerText(), `Decision 1: Attribution decision — Attribute publicly`);
    assert.equal(await decision.locator('p strong').first().innerText(), 'Signed and in force');
    assert.match(await decision.locator('dl.facts').innerText(), /matches the content/);
    assert.equal(await page.getByRole('button', { name: 'Propose a decision' }).count(), 1);
    await audit(page, 'decisions');
  } finally {
    await page.context().close();
  }
});

test('x. keyboard: the incident tabs are reached with Tab, in order, and the current one is marked', STORY, async () => {
  assert.ok(story.incident, 'story v1 registered the incident');
  const page = await newPage('nl-NL');
  try {
    await loginOnce(page, COORDINATOR);
    /** Tabs through the page from the top; the focused tab links, in order. */
    const tabStops = async () => {
      await page.locator('body').waitFor();
      const stops = [];
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press('Tab');
        const here = await page.evaluate(() => {
          const el = document.activeElement;
          if (!el || !el.closest('nav.tabs')) return null;
          return { text: el.textContent.trim(), current: el.getAttribute('aria-current'), outline: getComputedStyle(el).outlineStyle };
        });
        if (here) stops.push(here);
        else if (stops.length) break;
      }
      return stops;
    };
    for (const [path, current] of [[`/incidents/${story.incident}`, 'Overzicht'], [`/incidents/${story.incident}/consultation`, 'Consultatie']]) {
      await go(page, path);
      const stops = await tabStops();
      assert.deepEqual(stops.map((s) => s.text), INCIDENT_TABS.map(([nl]) => nl), `${path}: every tab is reached with Tab, in order`);
      for (const s of stops) {
        assert.equal(s.current, s.text === current ? 'page' : null, `${path}: aria-current on "${s.text}"`);
        assert.notEqual(s.outline, 'none', `${path}: the focused tab "${s.text}" shows its focus`);
      }
    }
    // Enter on a focused tab follows it.
    await go(page, `/incidents/${story.incident}`);
    await incidentTab(page, 'Besluiten').focus();
    await Promise.all([page.waitForURL((u) => u.pathname === `/incidents/${story.incident}/decisions`), page.keyboard.press('Enter')]);
    await page.waitForLoadState('load');
    assert.equal(await page.locator('nav.tabs a[aria-current="page"]').innerText(), 'Besluiten');
  } finally {
    await page.context().close();
  }
});

test('reflow: the consultation and decisions pages at 320 CSS pixels wide', STORY, async () => {
  assert.ok(story.signed, 'story v5 signed the decision');
  const page = await narrowPage();
  try {
    await loginOnce(page, DIRECTOR);
    const overflowing = [];
    for (const path of [
      `/incidents/${story.incident}`,
      `/incidents/${story.incident}/consultation`,
      `/incidents/${story.incident}/decisions`,
    ]) {
      await go(page, path);
      const problem = await sidewaysOverflow(page, path);
      if (problem) overflowing.push(problem);
    }
    assert.deepEqual(overflowing, [], `pages wider than the viewport:\n${overflowing.join('\n')}`);
  } finally {
    await page.context().close();
  }
});
