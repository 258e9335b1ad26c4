// A bulk change over 5 000 subscriptions, as an administrator makes it with
// the links and buttons on screen: Kari searches the subscription list,
// changes all it finds ("change these", not one page of them) to another
// plan, checks the draft and confirms it, and follows the job on its
// progress page, which refreshes itself (no JavaScript needed) until it is
// done; then the lines and the result CSV. Every page is saved as a
// screenshot and checked with axe-core (lib.mjs checkPage).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  startStack, launchBrowser, newPage, login, checkPage, clickAndWait, pathOf,
  mainText, t, KARI,
} from './lib.mjs';

const nb = (key) => t('nb', key);
const BITPRO = '/companies/1';
const MANY = 5000;

describe('a bulk change over 5 000 subscriptions', () => {
  let stack, browser, kari;

  before(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    kari = await newPage(browser, stack);
    // The stack is this file's own: Bitpro gets 5 000 more subscriptions.
    await stack.call({
      op: 'sql',
      query: 'INSERT INTO subscriptions (company_id, product_id, ref, monthly_price,'
        + " currency, started_on) SELECT 1, 2, CONCAT('BULK-', LPAD(seq, 5, '0')),"
        + ` 349.00, 'NOK', '2024-01-01' FROM seq_1_to_${MANY}`,
    });
    await login(kari, stack, KARI);
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('is chosen by the search, confirmed and followed to done', async () => {
    await kari.goto(`${stack.base}${BITPRO}/subscriptions`);
    await kari.getByLabel(nb('subs.search')).fill('BULK-');
    await clickAndWait(kari, kari.getByRole('button', { name: nb('subs.search.submit') }));
    await clickAndWait(kari, kari.getByRole('button',
      { name: `${nb('bulk.change-these')} (${MANY})` }));
    assert.equal(pathOf(kari), `${BITPRO}/bulk/new?q=BULK-`);
    assert.match(await mainText(kari), new RegExp(`${nb('bulk.matches')} ${MANY}`));
    await checkPage(kari, 'bulk-new');
    await kari.getByLabel(nb('bulk.kind.plan')).check();
    const plan = kari.getByLabel(nb('bulk.plan'), { exact: true });
    const fiber = await plan.locator('option', { hasText: 'Internett Fiber 500' })
      .getAttribute('value');
    await plan.selectOption(fiber);
    await clickAndWait(kari, kari.getByRole('button', { name: nb('bulk.next') }));
    assert.match(pathOf(kari), /^\/companies\/1\/bulk\/\d+$/);
    const job = pathOf(kari);
    const text = await mainText(kari);
    assert.ok(text.includes(nb('bulk.state.draft')), text.slice(0, 400));
    assert.ok(text.includes(`${nb('bulk.total')} ${MANY}`));
    await checkPage(kari, 'bulk-draft');

    await clickAndWait(kari, kari.getByRole('button', { name: nb('bulk.confirm') }));
    assert.equal(pathOf(kari), `${job}?done=bulk-queued`);
    assert.ok((await mainText(kari)).includes(nb('flash.bulk-queued')));
    // Its refresh can be stopped (WCAG 2.2.1); without it the page passes
    // axe, which refuses any timed refresh.
    const other = await newPage(browser, stack);
    await login(other, stack, KARI);
    await other.goto(`${stack.base}${job}`);
    if (await other.locator('meta[http-equiv="refresh"]').count() > 0) {
      await clickAndWait(other, other.getByRole('link', { name: nb('bulk.refresh.stop') }));
      assert.equal(await other.locator('meta[http-equiv="refresh"]').count(), 0);
      await checkPage(other, 'bulk-running');
    }
    await other.close();

    // The page reloads itself (meta refresh) while the job waits or runs:
    // nothing here but waiting for what it shows.
    const started = Date.now();
    let seen = '';
    while (Date.now() - started < 240000) {
      try {
        seen = await kari.locator('.bulk-state').innerText();
      } catch {
        seen = '';   // between two loads
      }
      if (seen === nb('bulk.state.done')) break;
      await sleep(500);
    }
    assert.equal(seen, nb('bulk.state.done'));
    await kari.waitForLoadState('load');
    assert.equal(await kari.locator('meta[http-equiv="refresh"]').count(), 0);
    assert.equal(pathOf(kari), job);     // the refresh drops the confirmation
    assert.equal(await kari.locator('.bulk-done').innerText(), String(MANY));
    assert.equal(await kari.locator('.bulk-failed').innerText(), '0');
    assert.equal(await kari.locator('.bulk-left').innerText(), '0');
    await checkPage(kari, 'bulk-done');

    // A line links its subscription, which has the new plan.
    await clickAndWait(kari, kari.locator('table.bulk-lines a').first());
    assert.ok((await mainText(kari)).includes('Internett Fiber 500'));
    const rows = await stack.call({
      op: 'sql',
      query: "SELECT COUNT(*) FROM subscriptions WHERE ref LIKE 'BULK-%' AND product_id = 4",
    });
    assert.equal(rows[0][0], String(MANY));

    // The result as CSV, from the link on the page.
    await kari.goto(`${stack.base}${job}`);
    const href = await kari.getByRole('link', { name: nb('bulk.csv') }).getAttribute('href');
    const r = await kari.request.get(`${stack.base}${href}`);
    assert.equal(r.status(), 200);
    assert.equal((await r.text()).trim().split(/\r?\n/).length, MANY + 1);

    // The company's jobs list it, done.
    await kari.goto(`${stack.base}${BITPRO}/bulk`);
    assert.ok((await mainText(kari)).includes(nb('bulk.state.done')));
    await checkPage(kari, 'bulk-jobs');
  });
});
