// Stories of the draaiboeken (CACAO playbooks): the list, one draaiboek with
// its versions, export and approval by a decision maker.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DECISION_MAKER, NCSC_LIAISON, newPage, audit, go, STORY, loginOnce, switchLanguage } from './lib.mjs';

const NATIONAL_NL = 'Nationale diplomatieke respons op een statelijke cyberoperatie';
const NATIONAL_EN = 'National diplomatic response to a state cyber operation';

test('p. a liaison finds the built-in draaiboeken in Dutch and English; a decision maker approves one by keyboard', STORY, async () => {
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
    const exportLink = page.getByRole('link', { name: 'Exporteer CACAO JSON' });
    const href = await exportLink.getAttribute('href');
    const exported = await page.request.get(href);
    assert.equal(exported.status(), 200);
    assert.equal((await exported.json()).name, NATIONAL_EN, 'the export is the CACAO document (in English, the exchange language)');
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
