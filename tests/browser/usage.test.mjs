// A location's "Forbruk" page as Kari uses it: from the location overview
// she follows "Forbruk" of Internett MBE, sees the meter "20,48 av 100 GB"
// and the charts of daily use and of the last periods, the top-up packages
// with their prices, picks the 10 GB package, confirms it with "Be om mer
// data", and is back on the usage page with the confirmation and a quota
// of 110 GB. Every page is saved as a screenshot and checked with
// axe-core (lib.mjs checkPage).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startStack, launchBrowser, newPage, login, checkPage, clickAndWait, pathOf,
  mainText, t, KARI,
} from './lib.mjs';

const nb = (key) => t('nb', key);

describe('usage and a top-up', () => {
  let stack, browser, kari;

  before(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    kari = await newPage(browser, stack);
    await login(kari, stack, KARI);
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows Internett MBE\'s use with its charts and buys 10 GB more', async () => {
    await kari.goto('/companies/1/locations');
    const row = kari.locator('main tr', { hasText: 'Internett MBE' });
    await clickAndWait(kari, row.getByRole('link', { name: nb('locations.action.usage') }));
    assert.match(pathOf(kari), /^\/locations\/\d+\/usage$/);
    const text = await mainText(kari);
    assert.match(text, /20,48 av 100 GB/);
    assert.match(text, /Ekstra datapakke 20 GB 399,00 kr/);
    assert.ok(await kari.locator('main svg').count() >= 2, 'the daily and period charts');
    assert.equal(await kari.locator('main meter.usage-bar').first().getAttribute('max'),
      String(100 * 10 ** 9));
    await checkPage(kari, 'location-usage');

    const pkg = kari.locator('li.topup-package', { hasText: 'Ekstra datapakke 10 GB' });
    await clickAndWait(kari, pkg.getByRole('link', { name: /Velg/ }));
    assert.match(pathOf(kari), /\/subscriptions\/\d+\/topup\?product=\d+$/);
    assert.match(await mainText(kari), /299,00 kr/);
    await checkPage(kari, 'topup-confirm');

    await clickAndWait(kari, kari.getByRole('button', { name: nb('topup.buy') }));
    assert.match(pathOf(kari), /\/subscriptions\/\d+\/usage\?done=topup-bought$/);
    const after = await mainText(kari);
    assert.ok(after.includes(nb('flash.topup-bought')), after);
    assert.match(after, /20,48 av 110 GB/);
    await checkPage(kari, 'topup-bought');
  });
});
