// Who sees what: Mette Jensen (Danish, another customer) logs in and
// cannot open Kari's company, whichever of its pages she asks for; without
// a login the company pages lead to the login.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startStack, launchBrowser, newPage, login, checkPage, pathOf, mainText, t, METTE,
} from './lib.mjs';

describe('another customer and a visitor', () => {
  let stack, browser, page;
  const h1 = () => page.locator('main h1');

  before(async () => {
    stack = await startStack();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('a visitor without a login is sent to the login', async () => {
    page = await newPage(browser, stack);
    for (const p of ['/companies', '/companies/1', '/companies/1/users', '/locations/1/manage']) {
      const resp = await page.goto(p);
      assert.equal(resp.status(), 200);
      assert.equal(new URL(page.url()).pathname, '/login', `${p} leads to the login`);
    }
    assert.equal(await h1().innerText(), t('nb', 'login.title'));
    await page.context().close();
  });

  it('Mette logs in and sees only her own company, in Danish', async () => {
    page = await newPage(browser, stack, { locale: 'da-DK' });
    await login(page, stack, METTE);
    const lang = await page.locator('html').getAttribute('lang');
    assert.equal(lang, 'da');
    assert.equal(await h1().innerText(), t('da', 'companies.title'));
    const text = await mainText(page);
    assert.ok(!text.includes('Bitpro Demo AS'), 'Kari\'s company is not listed');
    assert.ok(!text.includes('Nordlys Eiendom AS'), 'Kari\'s other company is not listed');
    assert.ok(await page.locator('main table tbody tr').count() >= 1);
    await checkPage(page, 'mette-companies');
  });

  it('Mette cannot open Kari\'s company: the not-found page is shown', async () => {
    const resp = await page.goto('/companies/1');
    assert.equal(resp.status(), 404);
    assert.equal(pathOf(page), '/companies/1');
    assert.equal(await h1().innerText(), t('da', 'error.404.title'));
    assert.match(await mainText(page), new RegExp(t('da', 'error.404.text')));
    assert.ok(!(await mainText(page)).includes('Bitpro'));
    await checkPage(page, 'not-found');
    // The way back leads to her own list.
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: t('da', 'error.home') }).click()]);
    assert.equal(pathOf(page), '/companies');
  });

  it('nor any page inside it', async () => {
    for (const p of ['/companies/1/locations', '/companies/1/subscriptions', '/companies/1/subscriptions/1',
      '/companies/1/cases', '/companies/1/cases/1', '/companies/1/cases/new', '/companies/1/users',
      '/companies/1/audit', '/locations/1/manage']) {
      const resp = await page.goto(p);
      assert.equal(resp.status(), 404, p);
      assert.equal(await h1().innerText(), t('da', 'error.404.title'), p);
      assert.ok(!(await page.locator('body').innerText()).includes('Internett MBE'), p);
    }
  });
});
