// Stories of reflection and foresight: a coordinator records a review of
// the strategy (first with a date in the future), with a decision and an
// action it marks done; adds a future scenario, a stance and a signpost
// (first without its indicator) that the scheduler finds crossed, shown on
// the dashboard; an evaluator reads the review in English.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  COORDINATOR, EVALUATOR, newPage, audit, go, login, submitTo, assertErrorSummary, switchLanguage, htmlLang, STORY,
} from './lib.mjs';

const STRATEGY_TITLE = 'Internationale Cyberstrategie 2023-2028';
const INDICATOR = 'Gezamenlijke publieke reacties op kwaadwillende cyberoperaties met Nederlandse inbreng';
let reviewPath = null;
let scenarioPath = null;

/** The demo strategy's page, from the list. */
async function openStrategy(page) {
  await go(page, '/strategy');
  await Promise.all([
    page.waitForURL((u) => /^\/strategy\/\d+$/.test(u.pathname)),
    page.getByRole('link', { name: STRATEGY_TITLE }).click(),
  ]);
  await page.waitForLoadState('load');
  return new URL(page.url()).pathname;
}

test('ra. a coordinator records a review (first dated in the future) with a decision and an action done', STORY, async () => {
  const page = await newPage('nl-NL');
  try {
    await login(page, COORDINATOR);
    const strategy = await openStrategy(page);
    await Promise.all([page.waitForURL((u) => u.pathname === `${strategy}/reviews`), page.getByRole('link', { name: 'Reviews' }).click()]);
    await page.waitForLoadState('load');
    await audit(page, 'reviews');
    await page.locator('#cadence-annual').check();
    await page.locator('#period').fill('2025');
    await page.locator('#held_on').fill('2099-01-15');
    await page.locator('#participants').fill('TFC, NCSC, JenV, DEF');
    const record = () => submitTo(page, `${strategy}/reviews`, page.getByRole('button', { name: 'Review vastleggen' }));
    assert.equal((await record()).status(), 422, 'a review is recorded after it was held');
    await assertErrorSummary(page);
    assert.equal(await page.locator('#held_on').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#participants').inputValue(), 'TFC, NCSC, JenV, DEF', 'typed text is kept');
    await audit(page, 'review form with errors');
    await page.locator('#held_on').fill('2026-02-10');
    assert.equal((await record()).status(), 303);
    reviewPath = new URL(page.url()).pathname;
    assert.match(await page.locator('main .notice[role="status"]').innerText(), /Review vastgelegd/);
    assert.ok((await page.locator('#seen-indicators tbody tr').count()) >= 10, 'what the review saw, frozen');
    await page.locator('#decision_text').fill('De streefwaarde voor gezamenlijke reacties blijft staan.');
    assert.equal((await submitTo(page, `${reviewPath}/decisions`, page.getByRole('button', { name: 'Besluit vastleggen' }))).status(), 303);
    await page.locator('#action_text').fill('Nulmeting in de Westelijke Balkan herhalen');
    await page.locator('#owner_org').selectOption('NCSC');
    await page.locator('#due').fill('2026-09-30');
    assert.equal((await submitTo(page, `${reviewPath}/actions`, page.getByRole('button', { name: 'Actie vastleggen' }))).status(), 303);
    const done = page.locator('#action-table form[action$="/actions/done"] button').first();
    assert.match(await done.innerText(), /Afgerond/);
    assert.equal((await submitTo(page, `${reviewPath}/actions/done`, done)).status(), 303);
    assert.match(await page.locator('#action-table').innerText(), /Afgerond/);
    await audit(page, 'review');
    await go(page, `${strategy}/edit`);
    assert.match(await page.locator('h1').innerText(), /Strategie bewerken/);
    await audit(page, 'strategy edit form');
  } finally {
    await page.context().close();
  }
});

test('rb. a coordinator adds a scenario with a signpost (first without its indicator) that the scheduler finds crossed', STORY, async () => {
  const page = await newPage('nl-NL');
  try {
    await login(page, COORDINATOR);
    const strategy = await openStrategy(page);
    await Promise.all([
      page.waitForURL((u) => u.pathname === `${strategy}/scenarios`),
      page.getByRole('link', { name: 'Toekomstscenario\'s' }).click(),
    ]);
    await page.waitForLoadState('load');
    await audit(page, 'scenarios');
    await page.locator('#title').fill('Staten schakelen AI in bij grootschalige beïnvloeding');
    await page.locator('#theme').selectOption('ai');
    await page.locator('#narrative').fill('Generatieve modellen maken desinformatie goedkoop en snel.');
    assert.equal((await submitTo(page, `${strategy}/scenarios`, page.getByRole('button', { name: 'Scenario toevoegen' }))).status(), 303);
    const path = new URL(page.url()).pathname;
    scenarioPath = path;
    const firstStance = page.locator('#stance-table select').first();
    await firstStance.selectOption('robust');
    const save = page.locator('#stance-table tbody tr').first().getByRole('button');
    assert.equal((await submitTo(page, `${path}/stances`, save)).status(), 303);
    assert.equal(await page.locator('#stance-table select').first().inputValue(), 'robust');
    await page.locator('#signpost_name').fill('Nog een gezamenlijke reactie');
    await page.locator('#crossing-above').check();
    await page.locator('#threshold').fill('1');
    const add = () => submitTo(page, `${path}/signposts`, page.getByRole('button', { name: 'Signaal toevoegen' }));
    assert.equal((await add()).status(), 422, 'a signpost needs its indicator');
    await assertErrorSummary(page);
    await audit(page, 'signpost form with errors');
    await page.locator('#indicator').selectOption({ label: INDICATOR });
    assert.equal((await add()).status(), 303);
    // The scheduler runs every half second: the demo indicator is already above 1.
    await page.waitForTimeout(1500);
    await go(page, path);
    assert.match(await page.locator('#signpost-table').innerText(), /Over de drempel/);
    await audit(page, 'scenario');
    await go(page, '/');
    assert.match(await page.locator('#waiting').innerText(), /Signaal over de drempel: Nog een gezamenlijke reactie/);
    await audit(page, 'dashboard with a crossed signpost');
    await go(page, `${path}/edit`);
    assert.match(await page.locator('h1').innerText(), /Scenario bewerken/);
    assert.equal(await page.locator('#title').inputValue(), 'Staten schakelen AI in bij grootschalige beïnvloeding');
    await audit(page, 'scenario edit form');
  } finally {
    await page.context().close();
  }
});

test('rc. an evaluator reads the review in English', STORY, async () => {
  assert.ok(reviewPath, 'story ra recorded a review');
  const page = await newPage('en-GB');
  try {
    await login(page, EVALUATOR);
    await go(page, reviewPath);
    assert.match(await page.locator('h1').innerText(), /Review 2025/);
    assert.equal(await page.locator('#decision-form').count(), 0, 'an evaluator records nothing');
    assert.match(await page.locator('#action-table').innerText(), /Done/);
    await audit(page, 'review');
  } finally {
    await page.context().close();
  }
});

test('rd. a coordinator working in English finds every strategy and portfolio form in English', STORY, async () => {
  assert.ok(scenarioPath, 'story rb added a scenario');
  const page = await newPage('en-GB');
  try {
    await login(page, COORDINATOR);
    const strategy = await openStrategy(page);
    // The coordinator's language is kept with the account: switch to English if it is Dutch.
    if ((await htmlLang(page)) !== 'en') await switchLanguage(page, 'en');
    await go(page, `${strategy}/edit`);
    assert.match(await page.locator('h1').innerText(), /Edit strategy/);
    await audit(page, 'strategy edit form');
    await go(page, `${strategy}/reviews`);
    await audit(page, 'reviews');
    await go(page, `${strategy}/scenarios`);
    await audit(page, 'scenarios');
    await go(page, scenarioPath);
    assert.match(await page.locator('#signpost-table').innerText(), /Crossed/);
    await audit(page, 'scenario');
    await go(page, `${scenarioPath}/edit`);
    assert.match(await page.locator('h1').innerText(), /Edit the scenario/);
    await audit(page, 'scenario edit form');
    await go(page, '/portfolio/new');
    await audit(page, 'project form');
    await go(page, '/portfolio/import');
    await audit(page, 'iati import form');
    await go(page, '/portfolio');
    await Promise.all([
      page.waitForURL((u) => u.pathname.startsWith('/portfolio/projects/')),
      page.getByRole('link', { name: /^Voorbeeld: nationale cyberstrategie/ }).click(),
    ]);
    await page.waitForLoadState('load');
    await Promise.all([
      page.waitForURL((u) => u.pathname.endsWith('/edit')),
      page.getByRole('link', { name: 'Edit', exact: true }).click(),
    ]);
    await page.waitForLoadState('load');
    assert.match(await page.locator('h1').innerText(), /Edit project/);
    await audit(page, 'project edit form');
  } finally {
    await page.context().close();
  }
});

test('re. the coordinator switches back to Dutch', STORY, async () => {
  const page = await newPage('nl-NL');
  try {
    await login(page, COORDINATOR);
    if ((await htmlLang(page)) !== 'nl') await switchLanguage(page, 'nl');
  } finally {
    await page.context().close();
  }
});
