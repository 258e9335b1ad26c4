// The portal without JavaScript: a browser with scripts turned off logs
// in, walks every area of the company menu, gets a form back with an error
// message, sends a support case and logs out. Nothing may need a script.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startStack, launchBrowser, newPage, login, checkPage, clickAndWait,
  pathOf, mainText, t, KARI,
} from './lib.mjs';

describe('without JavaScript', () => {
  let stack, browser, page;
  const nb = (key) => t('nb', key);
  const h1 = () => page.locator('main h1');
  const area = (key) => page.locator('nav.company-nav .areas')
    .getByRole('link', { name: nb(key), exact: true });

  before(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    page = await newPage(browser, stack, { javaScriptEnabled: false });
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('scripts really are off', async () => {
    // A page of our own (the portal's CSP would stop an inline script
    // anyway): with scripts on, it would rewrite its heading.
    await page.route('**/nojs-probe', (route) => route.fulfill({
      contentType: 'text/html',
      body: '<!DOCTYPE html><title>probe</title><h1>off</h1>' +
        '<script>document.querySelector("h1").textContent = "on"</script>',
    }));
    await page.goto('/nojs-probe');
    assert.equal(await page.locator('h1').innerText(), 'off');
    await page.unroute('**/nojs-probe');
  });

  it('logs in with the code from the mail', async () => {
    await login(page, stack, KARI);
    assert.equal(await h1().innerText(), nb('companies.title'));
  });

  it('walks every area of the company menu', async () => {
    await clickAndWait(page, page.locator('main table tbody tr').filter({ hasText: 'Bitpro Demo AS' })
      .getByRole('link', { name: nb('companies.link.locations') }));
    assert.match(await mainText(page), /11001 Internett MBE.*799,00 kr|11001.*Internett MBE.*799,00 kr/);
    const seen = {};
    for (const [key, path, expect] of [
      ['nav.overview', '/companies/1', 'Bitpro Demo AS'],
      ['nav.locations', '/companies/1/locations', nb('locations.title')],
      ['nav.subscriptions', '/companies/1/subscriptions', nb('subs.title')],
      ['nav.cases', '/companies/1/cases', nb('cases.title')],
      ['nav.users', '/companies/1/users', nb('users.title')],
      ['nav.audit', '/companies/1/audit', nb('audit.title')],
    ]) {
      await clickAndWait(page, area(key));
      assert.equal(pathOf(page), path);
      seen[path] = await mainText(page);
      assert.ok(seen[path].includes(expect), `${path} shows ${expect}`);
      await checkPage(page, path.split('/').pop() === '1' ? 'overview' : path.split('/').pop());
    }
    assert.match(seen['/companies/1/subscriptions'], /Mobilt bredbånd 100 GB.*799,00 kr/);
  });

  it('gets the form back with an error, then sends the case', async () => {
    await page.goto('/companies/1/cases');
    await clickAndWait(page, page.getByRole('link', { name: nb('case.create') }));
    // Blanks pass the browser's required check; the server refuses them.
    await page.getByLabel(nb('case.subject')).fill('   ');
    await page.getByLabel(nb('case.category')).selectOption('billing');
    await page.getByLabel(nb('case.description')).fill('Fakturaen for desember mangler.');
    await clickAndWait(page, page.getByRole('button', { name: nb('case.submit') }));
    const error = page.locator('main .notice-error');
    assert.equal(await error.innerText(), nb('error.form'));
    const subject = page.getByLabel(nb('case.subject'));
    assert.equal(await subject.getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator(`#${await subject.getAttribute('aria-describedby')}`).innerText(),
      nb('error.required'));
    // What was typed elsewhere is still there.
    assert.equal(await page.getByLabel(nb('case.description')).inputValue(), 'Fakturaen for desember mangler.');
    await checkPage(page, 'case-new-error');

    await subject.fill('Faktura for desember mangler');
    await clickAndWait(page, page.getByRole('button', { name: nb('case.submit') }));
    assert.equal(await h1().innerText(), 'Faktura for desember mangler');
    assert.match(await mainText(page), new RegExp(nb('flash.case-created')));
    await clickAndWait(page, page.getByRole('link', { name: nb('cases.back') }));
    assert.equal(await page.locator('main table tbody tr').filter({ hasText: 'Faktura for desember mangler' }).count(), 1);
  });

  it('logs out', async () => {
    await clickAndWait(page, page.locator('header form.logout button'));
    assert.equal(pathOf(page), '/login?done=logged-out');
    await page.goto('/companies/1/cases');
    assert.equal(pathOf(page), '/login');
  });
});
