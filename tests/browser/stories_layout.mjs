// The visual check: the busiest pages at 320, 1024 and 1440 CSS pixels wide,
// in Dutch (the longer words), photographed and measured. A layout assertion,
// not an eye, decides: no two pieces of text or controls overlap, no
// classification or TLP badge breaks over two lines (from 1024 px), the header stays within
// two menu rows at 1024 px and one at 1440 px, and nothing but a data table
// scrolls sideways. The screenshots are kept for whoever wants to look.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { browser, server, COORDINATOR, PASSWORD, OPCW_TITLE, STORY, sidewaysOverflow, incidentIdByTitle } from './lib.mjs';

const WIDTHS = [320, 1024, 1440];
/** The highest the header may be at each width (its rows: brand and session, then the menu). */
const HEADER_MAX = { 1024: 120, 1440: 90 };
const SHOTS = join(tmpdir(), 'verbinding-layout');

/**
 * What overlaps on the page: pairs of line boxes of text and controls (links, buttons, fields,
 * labels, headings, badges) that intersect without one containing the other, and badges that
 * wrap. Line boxes (getClientRects) rather than bounding boxes, so a link that wraps is not
 * taken for one that covers its neighbours.
 */
async function layoutProblems(page, wholeBadges) {
  return page.evaluate((wholeBadges) => {
    const shown = (el) => {
      const s = getComputedStyle(el);
      return s.visibility !== 'hidden' && s.display !== 'none' && !el.closest('svg, .visually-hidden, .skip-link');
    };
    const pieces = [...document.querySelectorAll('a, button, input, select, textarea, label, h1, h2, h3, .marking > span')]
      .filter(shown);
    const boxes = [];
    for (const el of pieces) {
      for (const r of el.getClientRects()) {
        if (r.width > 1 && r.height > 1) boxes.push({ el, r });
      }
    }
    const name = (el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${(el.textContent || el.value || '').trim().slice(0, 30)}"`;
    const problems = [];
    for (let i = 0; i < boxes.length && problems.length < 5; i++) {
      for (let j = i + 1; j < boxes.length && problems.length < 5; j++) {
        const a = boxes[i];
        const b = boxes[j];
        if (a.el === b.el || a.el.contains(b.el) || b.el.contains(a.el)) continue;
        const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
        const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
        if (w > 2 && h > 2) problems.push(`${name(a.el)} overlaps ${name(b.el)}`);
      }
    }
    for (const badge of wholeBadges ? document.querySelectorAll('.marking .classification, .marking .tlp') : []) {
      if (shown(badge) && badge.getClientRects().length > 1) problems.push(`the badge "${badge.textContent}" breaks over two lines`);
    }
    const header = document.querySelector('.site-header');
    const menu = document.querySelector('.site-header nav a[href="/inbox"]');
    return { problems, header: header && menu ? Math.round(header.getBoundingClientRect().height) : 0 };
  }, wholeBadges);
}

test('layout. the busiest pages at 320, 1024 and 1440 px: nothing overlaps, badges stay whole, the header stays low', STORY, async () => {
  mkdirSync(SHOTS, { recursive: true });
  const found = [];
  for (const width of WIDTHS) {
    const context = await browser.newContext({
      baseURL: server.url, locale: 'nl-NL', viewport: { width, height: 900 }, extraHTTPHeaders: { 'Accept-Language': 'nl' },
    });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    try {
      await page.goto('/login');
      await page.locator('#email').fill(COORDINATOR);
      await page.locator('#password').fill(PASSWORD);
      await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.locator('form[action="/login"] button[type="submit"]').click()]);
      const incident = await incidentIdByTitle(page, OPCW_TITLE);
      const pages = {
        dashboard: '/', incidents: '/incidents', 'new incident': '/incidents/new', incident: `/incidents/${incident}`,
        decisions: `/incidents/${incident}/decisions`, inbox: '/inbox', draaiboeken: '/draaiboeken', dossiers: '/dossiers',
        'not found': '/incidents/999999',
      };
      for (const [label, path] of Object.entries(pages)) {
        await page.goto(path);
        await page.screenshot({ path: join(SHOTS, `${width}-${label.replaceAll(' ', '-')}.png`), fullPage: true });
        // A badge stays whole from tablet width up; on a phone it may wrap rather than overflow.
        const { problems, header } = await layoutProblems(page, width >= 1024);
        for (const p of problems) found.push(`${width} px, ${label}: ${p}`);
        if (HEADER_MAX[width] && header > HEADER_MAX[width]) found.push(`${width} px, ${label}: the header is ${header} px high`);
        if (header === 0) found.push(`${width} px, ${label}: no header with the menus`);
        if (width === 320) {
          const sideways = await sidewaysOverflow(page, `${label} at 320 px`);
          if (sideways) found.push(sideways);
        }
      }
    } finally {
      await context.close();
    }
  }
  assert.deepEqual(found, [], `layout problems (screenshots in ${SHOTS}):\n${found.join('\n')}`);
});
