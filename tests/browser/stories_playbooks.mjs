// Stories of the draaiboeken (CACAO playbooks): the list, one draaiboek with
// its versions, export and approval by a decision maker.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  COORDINATOR, DECISION_MAKER, NCSC_LIAISON, newPage, audit, go, STORY, loginOnce, switchLanguage, corpus,
} from './lib.mjs';

const NATIONAL_NL = 'Nationale diplomatieke respons op een statelijke cyberoperatie';
const NATIONAL_EN = 'National diplomatic response to a state cyber operation';

test('p. a liaison finds the built-in draaiboeken in Dutch and English; the shipped versions count as approved', STORY, async () => {
  const page = await newPage('nl-NL');
  try {
    await loginOnce(page, NCSC_LIAISON);
    await go(page, '/');
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/draaiboeken'),
      page.getByRole('navigation', { name: 'Hoofdnavigatie' }).getByRole('link', { name: 'Draaiboeken', exact: true }).click(),
    ]);
    await page.waitForLoadState('load');
    assert.equal(await page.locator('h1').innerText(), 'Draaiboeken');
    const rows = page.locator('main table tbody tr');
    assert.ok((await rows.count()) >= 5, 'the five built-in draaiboeken are listed');
    assert.equal(await rows.filter({ hasText: NATIONAL_NL }).locator('td').nth(2).innerText(), 'Ingebouwd');
    await audit(page, 'playbooks list');
    await Promise.all([
      page.waitForURL((u) => /^\/draaiboeken\/\d+$/.test(u.pathname)),
      page.getByRole('link', { name: NATIONAL_NL }).click(),
    ]);
    await page.waitForLoadState('load');
    assert.equal(await page.locator('h1').innerText(), NATIONAL_NL);
    assert.equal(await page.locator('main form[action$="/approve"]').count(), 0, 'a liaison cannot approve');
    // The national draaiboek has Stg. Geheim steps: a liaison cleared for Stg.
    // Confidentieel does not get its document (issue 11, rule 4), and the page
    // says so instead of offering a link that would be refused.
    assert.equal(await page.getByRole('link', { name: 'Exporteer CACAO JSON' }).count(), 0, 'no export link');
    assert.match(await page.locator('#export-restricted').innerText(), /stappen boven uw machtiging/);
    const href = new URL(page.url()).pathname + '/export';
    const exported = await page.request.get(href);
    assert.notEqual(exported.status(), 200);
    assert.ok(!(await exported.text()).includes('"workflow"'), 'no part of the document is handed out');
    await audit(page, 'playbook detail');
    await switchLanguage(page, 'en');
    assert.equal(await page.locator('h1').innerText(), NATIONAL_EN);
    await audit(page, 'playbook detail');
    await go(page, '/draaiboeken');
    assert.equal(await page.locator('h1').innerText(), 'Playbooks');
    await audit(page, 'playbooks list');
    await switchLanguage(page, 'nl');
  } finally {
    await page.context().close();
  }

  const decider = await newPage('nl-NL');
  try {
    await loginOnce(decider, DECISION_MAKER);
    await go(decider, '/draaiboeken');
    await Promise.all([
      decider.waitForURL((u) => /^\/draaiboeken\/\d+$/.test(u.pathname)),
      decider.getByRole('link', { name: NATIONAL_NL }).click(),
    ]);
    await decider.waitForLoadState('load');
    const versions = decider.locator('main table tbody tr');
    assert.match(await versions.first().innerText(), /meegeleverd met de release/);
    assert.equal(await decider.getByRole('button', { name: /Keur versie goed/ }).count(), 0, 'nothing to approve');
    await audit(decider, 'playbook detail');
  } finally {
    await decider.context().close();
  }
});

/** Submits the import form and waits for the answer page. */
async function submitImport(page, waitFor) {
  await Promise.all([
    waitFor
      ? page.waitForURL(waitFor)
      : page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/draaiboeken/import'),
    page.getByRole('button', { name: /^(Importeer|Import)$/ }).click(),
  ]);
  await page.waitForLoadState('load');
}

test('p. a coordinator imports a third-party draaiboek on the page: refused strictly with the findings, accepted leniently, approved by a decision maker by keyboard', STORY, async () => {
  let imported = null;
  const manual = readFileSync(corpus('cacao/examples/soarca/examples__manual-playbook.json'));
  const page = await newPage('nl-NL');
  try {
    await loginOnce(page, COORDINATOR);
    await go(page, '/draaiboeken');
    // The import form is on its own page, reached from the list.
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/draaiboeken/import'),
      page.getByRole('link', { name: 'Draaiboek importeren' }).click(),
    ]);
    await page.waitForLoadState('load');
    assert.equal(await page.getByRole('heading', { name: 'Draaiboek importeren', level: 1 }).count(), 1);
    await audit(page, 'playbooks list with import form');

    // Strict: refused; every finding listed with step, property, code and message.
    await page.locator('#file').setInputFiles({ name: 'manual-playbook.json', mimeType: 'application/json', buffer: manual });
    await submitImport(page);
    const findings = page.locator('#findings table tbody tr');
    assert.ok((await findings.count()) >= 1, 'the findings are listed');
    assert.match(await findings.first().innerText(), /schema_unevaluated/);
    assert.equal(await page.locator('#error-summary a[href="#findings"]').count(), 1, 'the summary links the findings');
    await audit(page, 'playbook import refused');

    // Pasted text that is not JSON, in English.
    await switchLanguage(page, 'en');
    await go(page, '/draaiboeken/import');
    await page.locator('#document').fill('{ "type": "playbook", ');
    await submitImport(page);
    assert.match(await page.locator('#findings').innerText(), /The document is not JSON\./);
    await audit(page, 'playbook import refused');
    // The language switch on a refused form returns to the import page.
    assert.equal(await switchLanguage(page, 'nl'), '/draaiboeken/import');

    // Lenient: imported; the draaiboek's page says so and lists what was tolerated.
    await go(page, '/draaiboeken/import');
    await page.locator('#file').setInputFiles({ name: 'manual-playbook.json', mimeType: 'application/json', buffer: manual });
    await page.getByLabel('soepel (draft-07)').check();
    // Shared with BZ, whose decision maker approves it below.
    await page.getByLabel('BZ', { exact: true }).check();
    await submitImport(page, (u) => /^\/draaiboeken\/\d+$/.test(u.pathname) && u.searchParams.get('notice') === 'created');
    assert.equal(await page.locator('p.notice[role="status"]').innerText(), 'Het draaiboek is geïmporteerd.');
    const tolerated = page.getByRole('list', { name: 'Bij soepele controle getolereerd (huidige versie)' });
    assert.match(await tolerated.innerText(), /schema_unevaluated/);
    await audit(page, 'playbook imported leniently');
    imported = new URL(page.url()).pathname;

    // A run on its own (an exercise) of the national draaiboek: the marking form, then the run page.
    await go(page, '/draaiboeken');
    await Promise.all([
      page.waitForURL((u) => /^\/draaiboeken\/\d+$/.test(u.pathname)),
      page.getByRole('link', { name: NATIONAL_NL }).click(),
    ]);
    await page.waitForLoadState('load');
    const standalone = page.getByRole('region', { name: 'Los starten (oefening)' });
    assert.equal(await standalone.count(), 1, 'a coordinator may start it on its own');
    assert.ok(await standalone.getByLabel('TFC').isChecked(), 'restricted to the own organisation by default');
    await audit(page, 'playbook with standalone start');
    await Promise.all([
      page.waitForURL((u) => /^\/executions\/\d+$/.test(u.pathname)),
      standalone.getByRole('button', { name: 'Start draaiboek' }).click(),
    ]);
    await page.waitForLoadState('load');
    assert.equal(await page.locator('#execution-status').innerText(), 'loopt');
    assert.equal(await page.getByRole('link', { name: 'terug naar het incident' }).count(), 0, 'no incident');
    await audit(page, 'standalone run');

    // The coordinator skips the first task; without a justification the field is named.
    const skip = page.locator('form:has(input[name="command"][value="skip"])');
    await Promise.all([
      page.waitForURL((u) => u.pathname.endsWith('/commands')),
      skip.getByRole('button', { name: 'Taak overslaan' }).click(),
    ]);
    await page.waitForLoadState('load');
    assert.equal(await page.locator('#justification-error').innerText(), 'Dit veld is verplicht.');
    await audit(page, 'run skip with errors');
    await page.locator('#justification').fill('Geoefend op papier');
    await Promise.all([
      page.waitForURL((u) => u.searchParams.get('notice') === 'skip'),
      page.locator('form:has(input[name="command"][value="skip"])').getByRole('button', { name: 'Taak overslaan' }).click(),
    ]);
    assert.equal(await page.locator('p.notice[role="status"]').innerText(), 'De taak is overgeslagen.');
  } finally {
    await page.context().close();
  }

  // Someone other than the importer approves the imported version, by keyboard.
  assert.ok(imported, 'the lenient import reached its page');
  const decider = await newPage('nl-NL');
  try {
    await loginOnce(decider, DECISION_MAKER);
    await go(decider, imported);
    const versions = decider.locator('main table tbody tr');
    assert.match(await versions.first().innerText(), /Nog niet goedgekeurd/);
    const approve = decider.getByRole('button', { name: /Keur versie goed/ });
    await approve.focus();
    await Promise.all([
      decider.waitForURL((u) => u.searchParams.get('notice') === 'approved'),
      decider.keyboard.press('Enter'),
    ]);
    await decider.waitForLoadState('load');
    assert.equal(await decider.locator('p.notice[role="status"]').innerText(), 'De versie is goedgekeurd.');
    assert.match(await versions.first().innerText(), /besluit@bz\.example/);
    assert.equal(await decider.getByRole('button', { name: /Keur versie goed/ }).count(), 0, 'approved once');
    await audit(decider, 'playbook approved');
  } finally {
    await decider.context().close();
  }
});
