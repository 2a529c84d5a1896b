// Stories of a draaiboek run: started from an incident, answered by liaisons
// of three ministries, with a step that goes overdue and escalates, and the
// graph following along.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  COORDINATOR, NCSC_LIAISON, AIVD_LIAISON, OPCW_TITLE, newPage, audit, go, STORY, loginOnce, incidentIdByTitle,
  switchLanguage,
} from './lib.mjs';

const NATIONAL_NL = 'Nationale diplomatieke respons op een statelijke cyberoperatie';

/**
 * Fills and submits the answer form of the first task the viewer may answer; returns its name.
 * Nothing is chosen for the user: no choice is preselected, every choice reads as words, no
 * outcome is checked — and with `tryEmpty` a report without an outcome is first sent back.
 */
async function answerFirstTask(page, path, { tryEmpty = false } = {}) {
  let form = page.locator('ul.tasks form.answer').first();
  await form.waitFor();
  const name = (await form.locator('xpath=ancestor::li[1]/h3').innerText()).trim();
  assert.equal(await form.locator('input[name="outcome"]:checked').count(), 0, 'no outcome is preselected');
  if (tryEmpty) {
    await Promise.all([page.waitForLoadState('load'), form.locator('button[type="submit"]').click()]);
    await page.locator('#error-summary').waitFor();
    assert.match(await page.locator('#error-summary').innerText(), /Uitkomst van de taak/);
    await audit(page, 'answer without an outcome');
    form = page.locator('ul.tasks form.answer').first();
  }
  for (const select of await form.locator('select').all()) {
    assert.equal(await select.inputValue(), '', 'no choice is preselected');
    const labels = (await select.locator('option').allInnerTexts()).map((l) => l.trim());
    assert.ok(labels.every((l) => !/^[a-z]+(-[a-z0-9]+)*$/.test(l)), `choices read as words, not ids: ${labels}`);
    await select.selectOption({ index: 1 });
  }
  for (const input of await form.locator('input:not([type=hidden]):not([type=radio])').all()) {
    await input.fill('Besproken en vastgelegd');
  }
  await form.locator('input[name="outcome"][value="success"]').check();
  await Promise.all([
    page.waitForURL((u) => u.pathname === path && u.searchParams.get('notice') === 'complete'),
    form.locator('button[type="submit"]').click(),
  ]);
  await page.waitForLoadState('load');
  assert.equal(await page.locator('p.notice[role="status"]').innerText(), 'Uw antwoord is vastgelegd.');
  return name;
}

/** The line of a step (by its exact name) in the text alternative of the graph. */
const stepLine = (page, name) => page.locator('ol.steps li').filter({
  has: page.locator('strong', { hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }),
}).first();

test('x. a draaiboek run: started from an incident, answered by three ministries, a step overdue and escalated', STORY, async () => {
  const page = await newPage('nl-NL');
  let path;
  try {
    await loginOnce(page, COORDINATOR);
    const incidentId = await incidentIdByTitle(page, OPCW_TITLE);
    await go(page, `/incidents/${incidentId}`);
    await Promise.all([
      page.waitForURL((u) => u.pathname === `/incidents/${incidentId}/executions`),
      page.getByRole('navigation', { name: 'Onderdelen van het incident' }).getByRole('link', { name: 'Draaiboeken', exact: true }).click(),
    ]);
    await page.waitForLoadState('load');
    await audit(page, 'incident executions');
    await page.locator('#playbook').selectOption({ label: NATIONAL_NL });
    await Promise.all([
      page.waitForURL((u) => /^\/executions\/\d+$/.test(u.pathname)),
      page.getByRole('button', { name: 'Start draaiboek' }).click(),
    ]);
    await page.waitForLoadState('load');
    path = new URL(page.url()).pathname;
    assert.equal(await page.locator('h1').innerText(), NATIONAL_NL);
    assert.equal(await page.locator('#execution-status').innerText(), 'loopt');
    assert.equal(await page.locator('svg[role="img"]').count(), 1, 'the graph is drawn');
    await audit(page, 'execution started');

    const first = await answerFirstTask(page, path, { tryEmpty: true });
    assert.match(await stepLine(page, first).innerText(), /klaar/, 'the graph (text alternative) shows the step done');
    await audit(page, 'execution after an answer');
  } finally {
    await page.context().close();
  }

  // Liaisons of two more ministries find their task in their inbox and answer it.
  for (const liaison of [NCSC_LIAISON, AIVD_LIAISON]) {
    const p = await newPage('nl-NL');
    try {
      await loginOnce(p, liaison);
      await go(p, '/inbox');
      await audit(p, 'inbox');
      const link = p.locator(`main table a[href^="${path}#task-"]`).first();
      assert.equal(await link.count(), 1, `${liaison} has a task in this run`);
      // The row says for which incident, under which marking, in what state and by when.
      const row = p.locator('main table tbody tr', { has: p.locator(`a[href^="${path}#task-"]`) }).first();
      assert.match(await row.innerText(), /GRU-operatie tegen de OPCW/);
      assert.match(await row.innerText(), /TLP:/);
      assert.match(await row.innerText(), /Open/);
      assert.match(await row.locator('td').nth(5).innerText(), /\d{4}/, 'a deadline in words');
      // Filters: only overdue tasks — none yet; whose tasks: unclaimed — this one.
      await p.locator('#overdue').check();
      await Promise.all([p.waitForURL((u) => u.searchParams.get('overdue') === 'true'), p.getByRole('button', { name: 'Toon' }).click()]);
      await p.waitForLoadState('load');
      assert.equal(await p.locator(`main table a[href^="${path}#task-"]`).count(), 0, 'not overdue');
      await audit(p, 'inbox filtered');
      await go(p, '/inbox?claim=unclaimed&sort=incident');
      const anchor = p.locator(`main table a[href^="${path}#task-"]`).first();
      const href = await anchor.getAttribute('href');
      await Promise.all([p.waitForURL((u) => u.pathname === path), anchor.click()]);
      await p.waitForLoadState('load');
      // The link opens the task itself.
      assert.equal(await p.locator(`li.task${href.slice(href.indexOf('#'))}`).count(), 1, 'the task has the anchor');
      const name = await answerFirstTask(p, path);
      // Done, or waiting for its approvers (the intelligence assessment is co-signed).
      assert.match(await stepLine(p, name).innerText(), /— (klaar|wacht)/);
    } finally {
      await p.context().close();
    }
  }

  // The coordinator adds a step with a deadline of two seconds that escalates; the scheduler marks it overdue.
  const coordinator = await newPage('nl-NL');
  try {
    await loginOnce(coordinator, COORDINATOR);
    await go(coordinator, path);
    await coordinator.locator('#name').fill('Bel de ambassadeur van de Russische Federatie');
    await coordinator.locator('#deadline_after').fill('twee uur');
    await Promise.all([
      coordinator.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `${path}/commands`),
      coordinator.getByRole('button', { name: 'Extra stap toevoegen' }).click(),
    ]);
    await coordinator.waitForLoadState('load');
    assert.equal(await coordinator.locator('#deadline_after').getAttribute('aria-invalid'), 'true', 'a bad duration is named');
    await audit(coordinator, 'execution add step with errors');
    await coordinator.locator('#name').fill('Bel de ambassadeur van de Russische Federatie');
    // Typed in words, as the hint says.
    await coordinator.locator('#deadline_after').fill('2 seconden');
    const escalateTo = await coordinator.locator('#escalate_to option').nth(1).getAttribute('value');
    await coordinator.locator('#escalate_to').selectOption(escalateTo);
    await Promise.all([
      coordinator.waitForURL((u) => u.searchParams.get('notice') === 'add-step'),
      coordinator.getByRole('button', { name: 'Extra stap toevoegen' }).click(),
    ]);
    await coordinator.waitForLoadState('load');
    const added = coordinator.locator('ul.tasks li', { hasText: 'Bel de ambassadeur' });
    assert.equal(await added.count(), 1);
    await coordinator.waitForTimeout(3500);
    await go(coordinator, path);
    const late = coordinator.locator('ul.tasks li', { hasText: 'Bel de ambassadeur' });
    assert.match(await late.innerText(), /te laat/, 'overdue, not failed');
    assert.match(await late.innerText(), /geëscaleerd naar/);
    assert.equal(await coordinator.locator('#execution-status').innerText(), 'loopt');
    // What matters first: the overdue task is named at the top and links to it.
    const overdueLink = coordinator.locator('#run-overdue a', { hasText: 'Bel de ambassadeur' });
    assert.equal(await overdueLink.count(), 1);
    assert.equal(await coordinator.locator(await overdueLink.getAttribute('href')).count(), 1, 'the link leads to the task');
    // The run's history: the liaison's answer in words, the clock's overdue mark and the escalation.
    const history = await coordinator.locator('table.run-history').innerText();
    assert.match(history, /Afgerond: gelukt\. Antwoord: Technische zekerheid over het verband met de vermoedelijke actor: Hoog/);
    assert.match(history, /Over de deadline/);
    assert.match(history, /Geëscaleerd naar/);
    assert.match(history, /Stap toegevoegd voor/);
    await audit(coordinator, 'execution with an overdue step');
    // The technical assessment step's answer is an assessment of the incident, linked from the history.
    assert.match(history, /vastgelegd als duiding bij het incident/);
    const recorded = coordinator.locator('table.run-history a[href^="/assessments/"]').first();
    await Promise.all([coordinator.waitForURL((u) => /^\/assessments\/\d+$/.test(u.pathname)), recorded.click()]);
    await coordinator.waitForLoadState('load');
    const assessment = await coordinator.locator('main').innerText();
    assert.match(assessment, /Vastgelegd uit/);
    assert.match(assessment, /Besproken en vastgelegd/, 'the summary the liaison gave');
    assert.match(assessment, /Stg\. (Confidentieel|Geheim)/, 'marked at least as the step');
    await audit(coordinator, 'assessment recorded from a task');
    await go(coordinator, path);
    await go(coordinator, '/executions');
    const row = coordinator.locator('main table tbody tr', { has: coordinator.locator(`a[href="${path}"]`) });
    assert.equal(await row.count(), 1, 'the run is in the overview');
    assert.ok(Number(await row.locator('td').nth(3).innerText()) >= 1, 'with its overdue task counted');
    assert.equal(await coordinator.locator('figure.chart svg[role="img"]').count(), 1, 'and charted');
    await audit(coordinator, 'running executions');
    await go(coordinator, path);
    await switchLanguage(coordinator, 'en');
    assert.match(await coordinator.locator('ul.tasks li', { hasText: 'Bel de ambassadeur' }).innerText(), /overdue/);
    assert.match(await coordinator.locator('table.run-history').innerText(), /recorded as an assessment of the incident/);
    await audit(coordinator, 'execution with an overdue step');
    await switchLanguage(coordinator, 'nl');
  } finally {
    await coordinator.context().close();
  }
});

/** Opens the task tools (claim, delegate, comment, attach) of the first open task. */
async function firstTaskTools(page) {
  const task = page.locator('ul.tasks li.task').first();
  const details = task.locator('details.task-tools');
  if (!(await details.evaluate((d) => d.open))) {
    await details.locator('summary').click();
  }
  return task;
}

/** Submits a task form by its button and waits for the run page again. */
async function submitTaskForm(page, button, notice) {
  await Promise.all([
    notice
      ? page.waitForURL((u) => u.searchParams.get('notice') === notice)
      : page.waitForResponse((r) => r.request().method() === 'POST'),
    button.click(),
  ]);
  await page.waitForLoadState('load');
}

test('x. the tasks of a run: claimed, delegated, commented on and with a file attached', STORY, async () => {
  const page = await newPage('nl-NL');
  try {
    await loginOnce(page, COORDINATOR);
    const incidentId = await incidentIdByTitle(page, OPCW_TITLE);
    await go(page, `/incidents/${incidentId}/executions`);
    await page.locator('#playbook').selectOption({ label: NATIONAL_NL });
    await Promise.all([
      page.waitForURL((u) => /^\/executions\/\d+$/.test(u.pathname)),
      page.getByRole('button', { name: 'Start draaiboek' }).click(),
    ]);
    await page.waitForLoadState('load');
    const name = (await page.locator('ul.tasks li.task h3').first().innerText()).trim();

    // An empty comment: the page again, the field named and linked from the error summary.
    let task = await firstTaskTools(page);
    await submitTaskForm(page, task.getByRole('button', { name: `Plaats opmerking: ${name}` }));
    assert.equal(await page.locator('#text-1').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#error-summary a[href="#text-1"]').count(), 1);
    await audit(page, 'execution task form with errors');

    task = await firstTaskTools(page);
    await submitTaskForm(page, task.getByRole('button', { name: `Pak op: ${name}` }), 'claim');
    assert.equal(await page.locator('p.notice[role="status"]').innerText(), 'U hebt de taak opgepakt.');

    task = await firstTaskTools(page);
    const offered = await task.locator('select[name="to"] option').allInnerTexts();
    assert.ok(offered.some((o) => o.includes('(TFC)')), `a colleague of TFC is offered: ${offered}`);
    assert.ok(!offered.some((o) => /AIVD|MIVD|NCSC/.test(o)), `nobody outside the task's organisation: ${offered}`);
    await task.locator('select[name="to"]').selectOption('directeur@tfc.example');
    await task.locator('input[name="text"]').fill('Graag vandaag nog');
    await submitTaskForm(page, task.getByRole('button', { name: 'Delegeer', exact: true }), 'delegate');

    task = await firstTaskTools(page);
    await task.locator('textarea[name="text"]').fill('De ambassadeur is gebeld.');
    await submitTaskForm(page, task.getByRole('button', { name: `Plaats opmerking: ${name}` }), 'comment');

    task = await firstTaskTools(page);
    await task.locator('input[type="file"]').setInputFiles({
      name: 'nota-ambassadeur.txt', mimeType: 'text/plain', buffer: Buffer.from('Gespreksnotitie, 23 november.'),
    });
    await submitTaskForm(page, task.getByRole('button', { name: `Voeg bijlage toe: ${name}` }), 'attach');
    assert.equal(await page.locator('p.notice[role="status"]').innerText(), 'De bijlage is toegevoegd.');
    // The task's own history: who claimed, delegated, commented and attached, in order.
    const first = page.locator('ul.tasks li.task').first();
    const own = await first.locator('ol.history').innerText();
    assert.match(own, /Heeft de taak opgepakt/);
    assert.match(own, /Gedelegeerd aan .*Graag vandaag nog/);
    assert.match(own, /Opmerking — De ambassadeur is gebeld\./);
    assert.match(own, /Bestand toegevoegd: nota-ambassadeur\.txt \(29 B\)/);
    assert.ok(own.indexOf('opgepakt') < own.indexOf('Gedelegeerd'), `claimed before delegated: ${own}`);
    // The run's history names the task and the person.
    const history = page.locator('table.run-history');
    assert.match(await history.innerText(), /Draaiboek gestart/);
    assert.match(await history.locator('tr', { hasText: 'Heeft de taak opgepakt' }).innerText(), new RegExp(name));
    await audit(page, 'execution task notes and attachment');

    await switchLanguage(page, 'en');
    const ownEn = await page.locator('ul.tasks li.task').first().locator('ol.history').innerText();
    assert.match(ownEn, /Delegated to/);
    assert.match(ownEn, /File attached: nota-ambassadeur\.txt/);
    assert.match(await page.locator('table.run-history').innerText(), /Playbook started/);
    await audit(page, 'execution task notes and attachment');
    // The incident's timeline tells that the playbook started, linked to the run.
    await go(page, `/incidents/${incidentId}`);
    assert.ok((await page.locator('#timeline li', { hasText: 'Playbook started' }).count()) >= 1);
    await switchLanguage(page, 'nl');
  } finally {
    await page.context().close();
  }
});
