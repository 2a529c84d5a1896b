// Stories of the response plan, the catalogue of response options and renewals.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ADMIN, COORDINATOR, EVALUATOR, VIASAT_TITLE, newPage, audit, go, login, assertLang, incidentIdByTitle,
  assertFieldErrorAmong, assertErrorSummary, submitTo, STORY, loginOnce, switchLanguage,
} from './lib.mjs';


test('t. the coordinator proposes EU sanctions for Viasat: the plan asks for a renewal date and warns about proportionality', STORY, async () => {
  const page = await newPage('nl-NL');
  try {
    await loginOnce(page, COORDINATOR);
    const incidentId = await incidentIdByTitle(page, VIASAT_TITLE);
    await go(page, `/incidents/${incidentId}`);
    await Promise.all([
      page.waitForURL((u) => u.pathname === `/incidents/${incidentId}/response`),
      page.getByRole('navigation', { name: 'Onderdelen van het incident' }).getByRole('link', { name: 'Respons', exact: true }).click(),
    ]);
    await page.waitForLoadState('load');
    assert.equal(await page.locator('h1').innerText(), `Responsplan: ${VIASAT_TITLE}`);
    assert.equal(await page.locator('nav.tabs a[aria-current="page"]').innerText(), 'Respons', 'the Respons tab is the current one');
    assert.ok((await page.locator('ul.plan > li').count()) >= 1, 'the demo plan lists the executed HR statement');
    await audit(page, 'response plan');

    const submit = async () => {
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/incidents/${incidentId}/response`),
        page.locator('main form[action$="/response"] button[type="submit"]').click(),
      ]);
      await page.waitForLoadState('load');
      return response;
    };
    await page.locator('#option').selectOption('eu-sanctions');
    await page.locator('#rationale').fill('Listing van de verantwoordelijke GRU-eenheid');
    assert.equal((await submit()).status(), 422, 'a restrictive measure without a renewal date is refused');
    await assertFieldErrorAmong(page, '#renewal_date', 'renewal_date', 'Dit veld is verplicht.');
    assert.equal(await page.locator('#rationale').inputValue(), 'Listing van de verantwoordelijke GRU-eenheid', 'typed text is kept');
    await audit(page, 'response plan with errors');

    await page.locator('#renewal_date').fill('2027-01-31');
    assert.equal((await submit()).status(), 303);
    const line = page.locator('ul.plan > li', { hasText: 'Listing van de verantwoordelijke GRU-eenheid' });
    assert.equal(await line.count(), 1, 'the measure is in the plan');
    const warnings = (await line.locator('.warning').allInnerTexts()).join(' | ');
    assert.match(warnings, /sancties zonder beoordeling met gemiddelde of hoge betrouwbaarheid/, warnings);
    // The demo holds a signed decision to attribute Viasat publicly, so the
    // listing (itself a public attribution) is not warned about for lacking one.
    assert.doesNotMatch(warnings, /openbare attributie zonder attributiebesluit/, warnings);

    await go(page, '/response-options');
    assert.ok((await page.locator('main table tbody tr').count()) >= 16, 'the shipped catalogue is listed');
    await audit(page, 'response options');
    await go(page, '/renewals');
    assert.equal(await page.locator('h1').innerText(), 'Te verlengen maatregelen');
    await audit(page, 'renewals');
  } finally {
    await page.context().close();
  }
});

test('u. the response pages in English', STORY, async () => {
  const page = await newPage('en-GB');
  try {
    await login(page, EVALUATOR);
    await assertLang(page, 'en');
    const incidentId = await incidentIdByTitle(page, VIASAT_TITLE);
    await go(page, `/incidents/${incidentId}/response`);
    assert.equal(await page.locator('h1').innerText(), `Response plan: ${VIASAT_TITLE}`);
    assert.equal(await page.locator('#option').count(), 0, 'an evaluator reads the plan but proposes nothing');
    await audit(page, 'response plan');
    await go(page, '/response-options');
    assert.equal(await page.locator('h1').innerText(), 'Catalogue of response options');
    await audit(page, 'response options');
    await go(page, '/renewals');
    await audit(page, 'renewals');
  } finally {
    await page.context().close();
  }
});

test('u2. the administrator adds an option to the catalogue, correcting errors first, then lapses and restores it', STORY, async () => {
  const page = await newPage('nl-NL');
  try {
    await login(page, ADMIN);
    await go(page, '/response-options');
    assert.equal(await page.locator('#add-option h2').innerText(), 'Optie toevoegen');
    await audit(page, 'response options admin');
    const add = () => submitTo(page, '/response-options', page.getByRole('button', { name: 'Optie toevoegen', exact: true }));
    await page.locator('#id').fill('Nieuwe optie!');
    await page.locator('#escalation').fill('12');
    assert.equal((await add()).status(), 422, 'an invalid option is refused');
    await assertErrorSummary(page);
    await assertFieldErrorAmong(page, '#id', 'id', 'Gebruik 3 tot 60 kleine letters, cijfers of streepjes.');
    await assertFieldErrorAmong(page, '#escalation', 'escalation', 'Vul een geheel getal van 1 tot en met 10 in.');
    assert.equal(await page.locator('#escalation').inputValue(), '12', 'typed values are kept');
    await audit(page, 'response options form with errors');

    await page.locator('#id').fill('nl-verklaring-cyberambassadeur');
    await page.locator('#category').selectOption('national');
    await page.locator('#name_nl').fill('Verklaring van de cyberambassadeur');
    await page.locator('#name_en').fill('Statement by the cyber ambassador');
    await page.locator('#legal_basis').fill('Diplomatieke praktijk');
    await page.locator('#lead').selectOption('TFC');
    await page.locator('#escalation').fill('4');
    await page.locator('#flag-public').check();
    assert.equal((await add()).status(), 303);
    assert.equal((await page.locator('main .notice[role="status"]').innerText()).trim(), 'De optie is aan de catalogus toegevoegd.');
    const row = page.locator('#option-nl-verklaring-cyberambassadeur');
    assert.match(await row.innerText(), /Verklaring van de cyberambassadeur/);

    const toggle = (name) => submitTo(page, '/response-options/nl-verklaring-cyberambassadeur/lapsed', row.getByRole('button', { name }));
    assert.equal((await toggle(/^Laten vervallen/)).status(), 303);
    assert.match(await row.innerText(), /\(vervallen\)/, 'the option is marked lapsed');
    await audit(page, 'response options with a lapsed option');
    assert.equal((await toggle(/^Herstellen/)).status(), 303);
    assert.doesNotMatch(await row.innerText(), /\(vervallen\)/, 'and restored');

    await switchLanguage(page, 'en');
    assert.equal(await page.locator('#add-option h2').innerText(), 'Add an option');
    await audit(page, 'response options admin');
    await switchLanguage(page, 'nl');
  } finally {
    await page.context().close();
  }
});
