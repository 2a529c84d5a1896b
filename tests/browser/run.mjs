// Browser tests for Verbinding: user stories in headless Chromium, with an
// axe-core accessibility check (WCAG 2.0/2.1 A and AA) on every page visited.
//
// Run from the repository root after `cargo build`:
//   node --test tests/browser/run.mjs
// Environment:
//   VERBINDING_BIN   the server binary (default target/debug/verbinding)
//   CHROMIUM_PATH    the browser (default /usr/bin/chromium, Debian's package)
//
// The set-up and helpers are in lib.mjs, the stories in stories_*.mjs. The
// stories run in the order they are imported here (later ones go on with what
// earlier ones created); the accessibility summary below runs last, over the
// audits every story recorded.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AXE_TAGS, audits, formatViolations } from './lib.mjs';
import './stories_shell.mjs';
import './stories_incidents.mjs';
import './stories_assessments.mjs';
import './stories_response.mjs';
import './stories_decisions.mjs';
import './stories_playbooks.mjs';
import './stories_executions.mjs';
import './stories_strategy.mjs';
import './stories_portfolio.mjs';
import './stories_reviews.mjs';
import './stories_layout.mjs';

// --- Accessibility summary -------------------------------------------------------

const REQUIRED_PAGES = [
  'login [nl]', 'login [en]', 'login failed [nl]', 'login failed [en]',
  'dashboard [nl]', 'dashboard [en]',
  'dossiers list [nl]', 'dossier detail [nl]', 'dossier form [nl]', 'dossier form with errors [nl]',
  'organisations [nl]', 'organisation BZ [nl]', 'profile [nl]',
  'users list [nl]', 'user form [nl]', 'user form with errors [nl]', 'audit trail [nl]',
  'error 403 [nl]', 'error 403 [en]', 'error 404 [nl]', 'error 404 [en]',
  'incidents list [nl]', 'incidents list filtered [nl]', 'incidents list with filter errors [nl]',
  'incident form [nl]', 'incident form with errors [nl]',
  'incident detail [nl]', 'incident detail after phase change [nl]', 'incident edit form [nl]',
  'threat actors [nl]', 'threat actors searched [nl]', 'threat actor [nl]',
  'incidents list [en]', 'incidents list with filter errors [en]', 'incident detail [en]', 'incident form with errors [en]',
  'assessment form technical [nl]', 'assessment form intelligence [nl]', 'assessment form legal [nl]',
  'assessment form with errors [nl]', 'assessment page v1 [nl]', 'assessment page v2 [nl]', 'assessment edit form [nl]',
  'assessment page read-only [nl]', 'incident with assessments [nl]', 'incident with restricted assessment [nl]',
  'error 403 assessment edit [nl]',
  'incident with assessments [en]', 'assessment form intelligence [en]', 'assessment form with errors [en]', 'assessment page v2 [en]',
  'response plan [nl]', 'response plan with errors [nl]', 'response options [nl]', 'renewals [nl]',
  'response plan [en]', 'response options [en]', 'renewals [en]',
  'response options admin [nl]', 'response options form with errors [nl]', 'response options with a lapsed option [nl]',
  'response options admin [en]', 'dashboard waiting for you [nl]',
  'consultation empty [nl]', 'consultation form with errors [nl]', 'consultation open round [nl]',
  'consultation answer with errors [nl]', 'consultation closed round [nl]',
  'decisions empty [nl]', 'decisions proposed [nl]', 'decision review [nl]', 'decision review without password [nl]',
  'decisions signed [nl]',
  'incident timeline with decisions [nl]', 'incident timeline tab [nl]', 'incident assessments tab [nl]', 'incident partners tab [nl]', 'assessment recorded from a task [nl]',
  'consultation [en]', 'decisions [en]',
  'playbooks list [nl]', 'playbook detail [nl]', 'playbooks list [en]', 'playbook detail [en]', 'playbook approved [nl]',
  'playbooks list with import form [nl]', 'playbook import refused [nl]', 'playbook import refused [en]', 'playbook imported leniently [nl]',
  'playbook with standalone start [nl]', 'standalone run [nl]', 'run skip with errors [nl]',
  'incident executions [nl]', 'execution started [nl]', 'answer without an outcome [nl]', 'execution after an answer [nl]', 'inbox [nl]',
  'execution add step with errors [nl]', 'execution with an overdue step [nl]', 'execution with an overdue step [en]', 'running executions [nl]',
  'execution task form with errors [nl]', 'execution task notes and attachment [nl]', 'execution task notes and attachment [en]',
  'strategy tree [nl]', 'indicator page [nl]', 'measurement form with errors [nl]', 'measurement approved [nl]',
  'judgement with errors [nl]', 'strategy part [nl]', 'strategy tree [en]', 'strategy part [en]', 'indicator page [en]',
  'strategy form [nl]', 'strategy part form [nl]', 'indicator form [nl]', 'indicator form with errors [nl]',
  'portfolio [nl]', 'project [nl]', 'project flow with errors [nl]', 'project form [nl]', 'project form with errors [nl]',
  'iati import report [nl]', 'portfolio [en]', 'project [en]',
  'reviews [nl]', 'review form with errors [nl]', 'review [nl]', 'review [en]', 'scenarios [nl]',
  'signpost form with errors [nl]', 'scenario [nl]', 'dashboard with a crossed signpost [nl]',
  'strategy edit form [en]', 'reviews [en]', 'scenarios [en]', 'scenario [en]', 'project form [en]',
  'iati import form [en]', 'project edit form [en]', 'strategy edit form [nl]', 'project edit form [nl]',
  'measurement with an evidence file [nl]', 'scenario edit form [nl]', 'scenario edit form [en]',
  'inbox filtered [nl]', 'incident print view [nl]', 'decision print view [nl]', 'decision print view [en]',
];

test('g. axe-core finds no WCAG 2.1 A/AA violations on any page visited', async (t) => {
  const missing = REQUIRED_PAGES.filter((k) => !audits.has(k));
  const keys = [...audits.keys()].sort();
  let failed = 0;
  for (const key of keys) {
    const entry = audits.get(key);
    // eslint-disable-next-line no-loop-func
    await t.test(key, () => {
      if (entry.violations.length > 0) {
        failed++;
        const text = formatViolations(key, entry);
        console.log(text);
        assert.fail(text);
      }
    });
  }
  console.log(`axe-core checked ${keys.length} page states (${AXE_TAGS.join(', ')}); ${failed} with violations`);
  assert.deepEqual(missing, [], `pages never checked (their story failed before reaching them): ${missing.join(', ')}`);
});
