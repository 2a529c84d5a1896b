// Stories of the strategy: the result chain with its progress, an indicator
// with its chart, a measurement reported by the responsible organisation and
// approved by a coordinator (four eyes), and a judgement on an assumption.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  COORDINATOR, NCSC_LIAISON, EVALUATOR, newPage, audit, go, login, assertLang, submitTo, assertErrorSummary,
  assertFieldErrorAmong, STORY,
} from './lib.mjs';

const STRATEGY_TITLE = 'Internationale Cyberstrategie 2023-2028';

/** Opens the demo strategy from the menu; returns its tree. */
async function openStrategy(page, menu) {
  await go(page, '/');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/strategy'),
    page.getByRole('navigation', { name: /Hoofdnavigatie|Main navigation/ }).getByRole('link', { name: menu, exact: true }).click(),
  ]);
  await Promise.all([
    page.waitForURL((u) => /^\/strategy\/\d+$/.test(u.pathname)),
    page.getByRole('link', { name: STRATEGY_TITLE }).click(),
  ]);
  await page.waitForLoadState('load');
  return page.locator('#strategy-tree');
}

/** The indicator page of the (one) indicator the Ministry of Justice and Security reports. */
async function openJusticeIndicator(page) {
  const tree = await openStrategy(page, 'Strategie');
  const part = tree.getByRole('link', { name: /verdrag tegen cybercriminaliteit/ });
  await Promise.all([page.waitForURL((u) => u.pathname.startsWith('/strategy/objectives/')), part.click()]);
  await page.waitForLoadState('load');
  await Promise.all([
    page.waitForURL((u) => u.pathname.startsWith('/strategy/indicators/')),
    page.locator('#indicator-table tbody tr', { hasText: 'JenV' }).first().locator('a').first().click(),
  ]);
  await page.waitForLoadState('load');
  return new URL(page.url()).pathname;
}

test('sa. the NCSC liaison reports a measurement for its ministry, first without the narrative it needs', STORY, async () => {
  const page = await newPage('nl-NL');
  try {
    await login(page, NCSC_LIAISON);
    const tree = await openStrategy(page, 'Strategie');
    assert.equal(await tree.locator(':scope > li').count(), 3, 'the chain starts with the strategy\'s three goals');
    assert.ok((await tree.locator(':scope > li > ul > li').count()) >= 6, 'their objectives nested below them');
    assert.ok((await tree.locator('.flag-off').count()) >= 1, 'a part off track is flagged in words');
    await audit(page, 'strategy tree');
    const path = await openJusticeIndicator(page);
    assert.match(await page.locator('h1').innerText(), /Voorbeeld/, 'an example indicator says so');
    const chart = page.locator('figure.chart svg[role="img"]');
    assert.equal(await chart.count(), 1, 'the indicator has a chart');
    assert.ok((await chart.getAttribute('aria-labelledby')).includes('indicator-chart-desc'), 'with a text alternative');
    assert.match(await page.locator('#measurement-table').innerText(), /Ingediend/, 'the demo measurement waiting for review');
    await audit(page, 'indicator page');

    const form = page.locator('#measurement-form');
    await form.locator('#measurement-period').fill('2026');
    await form.locator('#measurement-value').selectOption('4');
    await form.locator('#measurement-evidence').fill('Notitie JenV en DJZ over de stand van de ratificatie');
    const submit = () => submitTo(page, `${path}/measurements`, form.getByRole('button', { name: 'Meting indienen' }));
    assert.equal((await submit()).status(), 422, 'a qualitative measurement needs its narrative');
    await assertErrorSummary(page);
    await assertFieldErrorAmong(page, '#measurement-narrative', 'measurement-narrative', 'Een toelichting is nodig bij een kwalitatieve indicator.');
    assert.equal(await page.locator('#measurement-evidence').inputValue(), 'Notitie JenV en DJZ over de stand van de ratificatie', 'typed text is kept');
    await audit(page, 'measurement form with errors');
    await page.locator('#measurement-narrative').fill('De meeste Nederlandse waarborgen staan in de aangenomen tekst.');
    // The note itself goes with it, as a file kept as evidence.
    await page.locator('#measurement-file').setInputFiles({
      name: 'notitie-ratificatie.txt', mimeType: 'text/plain', buffer: Buffer.from('Stand van de ratificatie, juni 2026.'),
    });
    assert.equal((await submit()).status(), 303);
    assert.match(await page.locator('main .notice[role="status"]').innerText(), /Meting ingediend/);
    const mine = page.locator('#measurement-table tbody tr', { hasText: 'De meeste Nederlandse waarborgen' });
    assert.match(await mine.innerText(), /Ingediend/);
    assert.equal(await mine.getByRole('link', { name: 'notitie-ratificatie.txt' }).count(), 1, 'the file is listed with the measurement');
    await audit(page, 'measurement with an evidence file');
    assert.equal(await mine.getByRole('button', { name: 'Goedkeuren' }).count(), 0, 'the liaison does not approve');
  } finally {
    await page.context().close();
  }
});

test('sb. the coordinator approves the liaison\'s measurement and judges an assumption, first without saying why', STORY, async () => {
  const page = await newPage('nl-NL');
  try {
    await login(page, COORDINATOR);
    const path = await openJusticeIndicator(page);
    const row = page.locator('#measurement-table tbody tr', { hasText: 'De meeste Nederlandse waarborgen' });
    const id = (await row.getAttribute('id')).replace('measurement-', '');
    const r = await submitTo(page, `/strategy/measurements/${id}/review`, row.getByRole('button', { name: 'Goedkeuren' }));
    assert.equal(r.status(), 303);
    assert.equal(new URL(page.url()).pathname, path, 'back on the indicator');
    assert.match(await page.locator(`#measurement-${id}`).innerText(), /Goedgekeurd.*Anna de Vries/s);
    await audit(page, 'measurement approved');

    await page.locator('nav.breadcrumb a').nth(1).click();
    await page.waitForLoadState('load');
    assert.match(await page.locator('h1').innerText(), /./);
    const judge = page.locator('form[action$="/judgements"]');
    if ((await judge.count()) === 1) {
      await judge.getByLabel('Staat onder druk').check();
      const action = new URL(await judge.getAttribute('action'), page.url()).pathname;
      assert.equal((await submitTo(page, action, judge.getByRole('button', { name: 'Aanname beoordelen' }))).status(), 422);
      await assertFieldErrorAmong(page, '#judgement_note', 'judgement_note', 'Dit veld is verplicht.');
      await audit(page, 'judgement with errors');
      await page.locator('#judgement_note').fill('De onderhandelingen duren langer dan voorzien.');
      assert.equal((await submitTo(page, action, page.locator('form[action$="/judgements"] button[type="submit"]'))).status(), 303);
      assert.match(await page.locator('#judgement-table tbody tr').first().innerText(), /Staat onder druk/);
    }
    await audit(page, 'strategy part');
  } finally {
    await page.context().close();
  }
});

test('sc. the strategy in English for the evaluator', STORY, async () => {
  const page = await newPage('en-GB');
  try {
    await login(page, EVALUATOR);
    await assertLang(page, 'en');
    const tree = await openStrategy(page, 'Strategy');
    assert.match(await page.locator('#chain').innerText(), /Result chain/);
    assert.ok((await tree.locator('.level', { hasText: 'Goal (impact)' }).count()) >= 3);
    await audit(page, 'strategy tree');
    await Promise.all([page.waitForURL((u) => u.pathname.startsWith('/strategy/objectives/')), tree.locator('a').nth(1).click()]);
    await page.waitForLoadState('load');
    await audit(page, 'strategy part');
    const indicator = page.locator('#indicator-table tbody a').first();
    await Promise.all([page.waitForURL((u) => u.pathname.startsWith('/strategy/indicators/')), indicator.click()]);
    await page.waitForLoadState('load');
    assert.match(await page.locator('#sheet').innerText(), /Indicator reference sheet/);
    assert.equal(await page.locator('#measurement-form').count(), 0, 'an evaluator reports nothing');
    await audit(page, 'indicator page');
  } finally {
    await page.context().close();
  }
});

test('sd. the coordinator opens the forms of the chain and adds an indicator, first with every field missing', STORY, async () => {
  const page = await newPage('nl-NL');
  try {
    await login(page, COORDINATOR);
    await go(page, '/strategy/new');
    assert.equal(await page.locator('h1').innerText(), 'Nieuwe strategie');
    await audit(page, 'strategy form');
    const tree = await openStrategy(page, 'Strategie');
    await Promise.all([page.waitForURL((u) => u.pathname.startsWith('/strategy/objectives/')), tree.locator('a').first().click()]);
    await page.waitForLoadState('load');
    const partPath = new URL(page.url()).pathname;
    await Promise.all([
      page.waitForURL((u) => u.pathname.endsWith('/objectives/new')),
      page.getByRole('link', { name: 'Onderdeel toevoegen' }).click(),
    ]);
    await page.waitForLoadState('load');
    assert.match(await page.locator('#level').innerText(), /Doelstelling/, 'a part under a goal is an objective');
    await audit(page, 'strategy part form');

    await go(page, `${partPath}/indicators/new`);
    await audit(page, 'indicator form');
    const save = () => submitTo(page, `${partPath}/indicators`, page.getByRole('button', { name: 'Opslaan' }));
    assert.equal((await save()).status(), 422, 'an empty indicator is refused');
    await assertErrorSummary(page);
    await assertFieldErrorAmong(page, '#baseline_period', 'baseline_period', 'Dit veld is verplicht.');
    await audit(page, 'indicator form with errors');
    await page.locator('#name').fill('Bezoeken van de cyberambassadeur aan partnerlanden');
    await page.locator('#definition').fill('Aantal bezoeken per jaar');
    await page.locator('#unit').fill('bezoeken');
    await page.locator('#verification').fill('Reisverslagen');
    await page.locator('#data_source').fill('Agenda van TFC');
    await page.locator('#responsible_org').selectOption('TFC');
    await page.locator('#baseline_period').fill('2023');
    await page.locator('#baseline_value').fill('4');
    await page.locator('#baseline_evidence').fill('Telling over 2023');
    await page.locator('#example').check();
    assert.equal((await save()).status(), 303);
    assert.match(await page.locator('main .notice[role="status"]').innerText(), /Indicator toegevoegd/);
    assert.match(await page.locator('h1').innerText(), /Bezoeken van de cyberambassadeur/);
  } finally {
    await page.context().close();
  }
});
