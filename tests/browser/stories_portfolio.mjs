// Stories of the capacity-building portfolio: the projects with money per
// year as a chart and a table, a project with its flows and baselines, a
// disbursement first typed wrong, a new project refused with its errors, and
// the IATI example imported on the page.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  COORDINATOR, EVALUATOR, newPage, audit, go, login, submitTo, assertErrorSummary, corpus, STORY,
} from './lib.mjs';

const EXAMPLE = 'Voorbeeld: nationale cyberstrategie en CMM-nulmeting met een partnerland in de Westelijke Balkan';

/** Opens the portfolio from the main navigation. */
async function openPortfolio(page, menu) {
  await go(page, '/');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/portfolio'),
    page.getByRole('navigation', { name: /Hoofdnavigatie|Main navigation/ }).getByRole('link', { name: menu, exact: true }).click(),
  ]);
  await page.waitForLoadState('load');
}

test('pa. a coordinator records a disbursement (first typed wrong), starts a project and imports the IATI example', STORY, async () => {
  const page = await newPage('nl-NL');
  try {
    await login(page, COORDINATOR);
    await openPortfolio(page, 'Capaciteitsopbouw');
    const chart = page.locator('figure.chart svg[role="img"]');
    assert.ok((await chart.count()) >= 1, 'money per year as a chart');
    assert.match(await page.locator('table.year-table').first().innerText(), /€ 420\.000/, 'and as a table of the sums, in Dutch');
    await audit(page, 'portfolio');
    await Promise.all([
      page.waitForURL((u) => u.pathname.startsWith('/portfolio/projects/')),
      page.getByRole('link', { name: EXAMPLE }).click(),
    ]);
    await page.waitForLoadState('load');
    const path = new URL(page.url()).pathname;
    assert.match(await page.locator('#baseline-table').innerText(), /Vormend/, 'the CMM stage by its name');
    await audit(page, 'project');

    await page.locator('#kind-disbursement').check();
    await page.locator('#date').fill('2026-09-01');
    await page.locator('#amount').fill('twaalf');
    const record = () => submitTo(page, `${path}/flows`, page.getByRole('button', { name: 'Bedrag vastleggen' }));
    assert.equal((await record()).status(), 422, 'an amount that does not read is refused');
    await assertErrorSummary(page);
    assert.equal(await page.locator('#amount').getAttribute('aria-invalid'), 'true');
    await audit(page, 'project flow with errors');
    await page.locator('#amount').fill('175.000');
    assert.equal((await record()).status(), 303);
    assert.match(await page.locator('main .notice[role="status"]').innerText(), /Bedrag vastgelegd/);
    assert.match(await page.locator('#flow-table').innerText(), /1 september 2026/);
    await go(page, `${path}/edit`);
    assert.match(await page.locator('h1').innerText(), /Project bewerken/);
    await audit(page, 'project edit form');

    await go(page, '/portfolio/new');
    await audit(page, 'project form');
    const save = () => submitTo(page, '/portfolio', page.getByRole('button', { name: 'Opslaan' }));
    await page.locator('#countries').fill('KE 60\nUG');
    assert.equal((await save()).status(), 422);
    await assertErrorSummary(page);
    assert.match(await page.locator('#countries-error').innerText(), /aandeel/);
    assert.equal(await page.locator('#countries').inputValue(), 'KE 60\nUG', 'typed text is kept');
    await audit(page, 'project form with errors');

    await go(page, '/portfolio/import');
    await page.locator('#file').setInputFiles(corpus('strategy/iati-samples/activity-standard-example-annotated-2.03.xml'));
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/portfolio/import'),
      page.getByRole('button', { name: 'IATI-bestand importeren' }).click(),
    ]);
    await page.waitForLoadState('load');
    assert.match(await page.locator('section.report').innerText(), /1 nieuw, 0 al aanwezig, 0 geweigerd/);
    await audit(page, 'iati import report');
  } finally {
    await page.context().close();
  }
});

test('pb. an evaluator reads the portfolio and a project in English', STORY, async () => {
  const page = await newPage('en-GB');
  try {
    await login(page, EVALUATOR);
    await openPortfolio(page, 'Capacity building');
    assert.match(await page.locator('table.year-table').first().innerText(), /€420,000/, 'amounts in English');
    assert.equal(await page.getByRole('link', { name: 'New project' }).count(), 0, 'an evaluator does not add projects');
    await audit(page, 'portfolio');
    await Promise.all([
      page.waitForURL((u) => u.pathname.startsWith('/portfolio/projects/')),
      page.getByRole('link', { name: EXAMPLE }).click(),
    ]);
    await page.waitForLoadState('load');
    assert.match(await page.locator('#baseline-table').innerText(), /Formative/);
    assert.equal(await page.locator(`form[action$="/flows"]`).count(), 0, 'no forms for a reader');
    await audit(page, 'project');
  } finally {
    await page.context().close();
  }
});
