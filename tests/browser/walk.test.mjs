// Kari Nordmann, administrator of Bitpro Demo AS, walks the portal as a
// person does: logs in with the code from her mail, goes through the
// company's pages by the links on screen, sends a support case, changes
// a subscription, switches language and logs out. Every page is saved as
// a screenshot and checked with axe-core (lib.mjs checkPage).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startStack, launchBrowser, newPage, login, checkPage, clickAndWait,
  pathOf, mainText, t, KARI, OUT,
} from './lib.mjs';
import path from 'node:path';

describe('an administrator walks her company', () => {
  let stack, browser, page;
  const nb = (key) => t('nb', key);
  // A link of the company menu (header), by its text.
  const area = (key, lang = 'nb') => page.locator('nav.company-nav .areas')
    .getByRole('link', { name: t(lang, key), exact: true });
  const h1 = () => page.locator('main h1');

  before(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    page = await newPage(browser, stack);
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('logs in with the code from the mail', async () => {
    await page.goto('/login');
    await checkPage(page, 'login');
    assert.equal(await h1().innerText(), nb('login.title'));
    assert.equal(await page.locator('html').getAttribute('lang'), 'nb');
    await page.locator('input[name=email]').fill(KARI);
    const before = await stack.call({ op: 'count', address: KARI });
    await clickAndWait(page, page.getByRole('button', { name: nb('login.email.submit') }));
    assert.equal(pathOf(page), '/login/code');
    assert.equal(await h1().innerText(), nb('login.code.title'));
    assert.match(await mainText(page), new RegExp(KARI.replace(/\./g, '\\.')));
    await checkPage(page, 'login-code');
    const code = await stack.call({ op: 'code', address: KARI, after: before });
    await page.getByLabel(nb('login.code.label')).fill(code);
    await clickAndWait(page, page.getByRole('button', { name: nb('login.code.submit') }));
    assert.equal(pathOf(page), '/companies');
  });

  it('sees her companies', async () => {
    assert.equal(await h1().innerText(), nb('companies.title'));
    const rows = page.locator('main table tbody tr');
    assert.equal(await rows.count(), 2);
    const bitpro = rows.filter({ hasText: 'Bitpro Demo AS' });
    assert.match(await bitpro.innerText(), /912345678/);
    assert.match(await rows.filter({ hasText: 'Nordlys Eiendom AS' }).innerText(), /987654321/);
    assert.match(await page.locator('header').innerText(), /Kari Nordmann/);
    await checkPage(page, 'companies');
  });

  it('opens the overview of Bitpro Demo AS from the company switcher', async () => {
    // On the list the switcher is not there yet: a location overview link
    // leads into the company, the switcher then to its overview.
    await page.goto('/companies');
    const row = page.locator('main table tbody tr').filter({ hasText: 'Bitpro Demo AS' });
    await clickAndWait(page, row.getByRole('link', { name: nb('companies.link.locations') }));
    assert.equal(pathOf(page), '/companies/1/locations');
    const switcher = page.locator('nav.company-nav .switcher');
    assert.equal(await switcher.getByRole('link', { name: 'Bitpro Demo AS' }).getAttribute('aria-current'), 'true');
    assert.equal(await switcher.getByRole('link').count(), 2);
    await clickAndWait(page, switcher.getByRole('link', { name: 'Bitpro Demo AS' }));
    assert.equal(pathOf(page), '/companies/1');
    assert.equal(await h1().innerText(), 'Bitpro Demo AS');
    const text = await mainText(page);
    assert.match(text, /912345678/);
    for (const key of ['overview.locations', 'overview.subscriptions', 'overview.open-cases', 'overview.users']) {
      assert.ok(text.includes(nb(key)), `overview shows ${nb(key)}`);
    }
    assert.match(text, /Spørsmål om faktura 2025120034/);
    assert.equal(await area('nav.overview').getAttribute('aria-current'), 'page');
    await checkPage(page, 'overview');

    // The switcher leads to her other company, and back.
    await clickAndWait(page, switcher.getByRole('link', { name: 'Nordlys Eiendom AS' }));
    assert.equal(pathOf(page), '/companies/2');
    assert.equal(await h1().innerText(), 'Nordlys Eiendom AS');
    assert.match(await mainText(page), /987654321/);
    await clickAndWait(page, area('nav.locations'));
    assert.equal(pathOf(page), '/companies/2/locations');
    assert.ok(await page.locator('main table tbody tr').count() >= 2, 'Nordlys has two locations');
    await checkPage(page, 'locations-nordlys');
    await clickAndWait(page, switcher.getByRole('link', { name: 'Bitpro Demo AS' }));
    assert.equal(pathOf(page), '/companies/1');
  });

  it('sees location 11001 with its service and price', async () => {
    await page.goto('/companies/1');
    await clickAndWait(page, area('nav.locations'));
    assert.equal(pathOf(page), '/companies/1/locations');
    assert.equal(await h1().innerText(), 'Bitpro Demo AS');
    assert.equal(await page.locator('main h2').first().innerText(), nb('locations.title'));
    const row = page.locator('main table tbody tr').filter({ hasText: '11001' });
    assert.equal(await row.count(), 1);
    const text = (await row.innerText()).replace(/\s+/g, ' ');
    assert.match(text, /Internett MBE/);
    assert.match(text, /Mobilt bredbånd 100 GB/);
    assert.match(text, /799,00 kr/);
    assert.match(text, /Aktiv/);
    await checkPage(page, 'locations');
    // The one the README shows (docs/screenshot-locations.png is a copy).
    await page.screenshot({ path: path.join(OUT, 'screenshot-locations.png') });
  });

  it('reads the location overview on a phone, and skips to it by keyboard', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto('/companies/1/locations');
      // The first Tab reaches the skip link, which shows itself and leads
      // past the header.
      await page.keyboard.press('Tab');
      const skip = page.locator('a.skip-link');
      assert.ok(await skip.evaluate((el) => el === document.activeElement));
      const box = await skip.boundingBox();
      assert.ok(box && box.y >= 0, 'the focused skip link is on screen');
      await page.keyboard.press('Enter');
      await page.waitForURL('**/companies/1/locations#main');
      // Each location is a card: the column labels come with the cells.
      const row = page.locator('main table tbody tr').filter({ hasText: '11001' });
      assert.match((await row.innerText()).replace(/\s+/g, ' '), /799,00 kr/);
      const table = page.locator('main table');
      assert.ok((await table.boundingBox()).width <= 390, 'the table fits the screen');
      await checkPage(page, 'locations-phone');
      // The other lists label their cells the same way (CSS ::before).
      for (const [url, key] of [['/companies/1/subscriptions', 'subs.col.email'],
        ['/companies/1/invoices', 'invoices.col.due'], ['/companies/1/cases', 'case.col.status']]) {
        await page.goto(url);
        const labels = await page.locator('main table tbody td').evaluateAll((tds) =>
          tds.map((td) => getComputedStyle(td, '::before').content));
        assert.ok(labels.includes(JSON.stringify(nb(key))), `${url}: ${nb(key)} labels a cell`);
      }
      await checkPage(page, 'invoices-phone');
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('manages the location and sends a change request', async () => {
    await page.goto('/companies/1/locations');
    const row = page.locator('main table tbody tr').filter({ hasText: '11001' });
    await clickAndWait(page, row.getByRole('link', { name: nb('locations.action.manage') }));
    assert.equal(pathOf(page), '/locations/1/manage');
    assert.equal(await h1().innerText(), `${nb('manage.title')}: 11001 Internett MBE`);
    await checkPage(page, 'manage');
    await page.getByLabel(nb('manage.service')).selectOption({ label: 'Mobilt bredbånd 100 GB (TSN-75606716)' });
    await page.getByLabel(nb('manage.change')).selectOption('move');
    await page.getByLabel(nb('manage.comment')).fill('Vi flytter kontoret til Storgata 1 i mars.');
    await clickAndWait(page, page.getByRole('button', { name: nb('manage.submit') }));
    assert.match(await mainText(page), new RegExp(nb('flash.change-requested')));
    assert.match(await mainText(page), /Endringsforespørsel: Flytting/);
    await checkPage(page, 'manage-sent');
  });

  it('goes through the subscriptions to a plan change', async () => {
    await page.goto('/companies/1');
    await clickAndWait(page, area('nav.subscriptions'));
    assert.equal(pathOf(page), '/companies/1/subscriptions');
    assert.equal(await h1().innerText(), nb('subs.title'));
    assert.equal(await page.locator('main table tbody tr').count(), 4);
    assert.match(await mainText(page), /Anne Berg .*349,00 kr/);
    await checkPage(page, 'subscriptions');

    // Search narrows the list.
    await page.getByLabel(nb('subs.search')).fill('Jonas');
    await clickAndWait(page, page.getByRole('button', { name: nb('subs.search.submit'), exact: true }));
    assert.equal(await page.locator('main table tbody tr').count(), 1);
    assert.match(await mainText(page), /Jonas Lie/);
    await checkPage(page, 'subscriptions-search');

    await clickAndWait(page, page.getByRole('link', { name: 'Jonas Lie' }));
    assert.match(pathOf(page), /^\/companies\/1\/subscriptions\/\d+$/);
    assert.equal(await h1().innerText(), 'Jonas Lie');
    assert.match(await mainText(page), /TSN-75607002/);
    assert.match(await mainText(page), /Bedrift Total E \(50 GB\).*549,00 kr/);
    await checkPage(page, 'subscription');

    await page.getByLabel(nb('sub.plan.product')).selectOption({ label: 'Bedrift Total C (10 GB) – 349,00 kr' });
    await clickAndWait(page, page.locator('form[action$="/plan"] button[type=submit]'));
    assert.match(pathOf(page), /\/plan\?product=\d+$/);
    assert.equal(await h1().innerText(), nb('confirm.title'));
    assert.match(await mainText(page), /Bedrift Total C \(10 GB\)/);
    await checkPage(page, 'subscription-plan');
    await clickAndWait(page, page.getByRole('button', { name: nb('confirm.yes') }));
    assert.match(pathOf(page), /^\/companies\/1\/subscriptions\/\d+(\?|$)/);
    const text = await mainText(page);
    assert.match(text, new RegExp(nb('flash.plan-changed')));
    assert.match(text, /Bedrift Total C \(10 GB\).*349,00 kr/);
  });

  it('reaches the termination step and cancels it', async () => {
    await page.goto('/companies/1/subscriptions');
    await clickAndWait(page, page.getByRole('link', { name: 'Jonas Lie' }));
    await page.getByLabel(nb('sub.terminate.date')).fill('2027-12-31');
    await page.locator('#terminate-reason').selectOption('cost');
    await clickAndWait(page, page.locator('form[action$="/terminate"] button[type=submit]'));
    assert.match(pathOf(page), /\/terminate\?date=2027-12-31&reason=cost/);
    assert.equal(await h1().innerText(), nb('confirm.title'));
    assert.match(await mainText(page), /31\.12\.2027/);
    await checkPage(page, 'subscription-terminate');
    await clickAndWait(page, page.getByRole('link', { name: nb('confirm.cancel') }));
    assert.match(pathOf(page), /^\/companies\/1\/subscriptions\/\d+$/);
    assert.match(await mainText(page), /Aktiv/);
  });

  it('creates a support case and finds it in the list', async () => {
    await page.goto('/companies/1');
    await clickAndWait(page, area('nav.cases'));
    assert.equal(pathOf(page), '/companies/1/cases');
    assert.equal(await h1().innerText(), nb('cases.title'));
    await checkPage(page, 'cases');
    await clickAndWait(page, page.getByRole('link', { name: nb('case.create') }));
    assert.equal(pathOf(page), '/companies/1/cases/new');
    await checkPage(page, 'case-new');
    const subject = 'Ruteren på 11001 starter på nytt hver natt';
    await page.getByLabel(nb('case.subject')).fill(subject);
    await page.getByLabel(nb('case.category')).selectOption({ label: nb('case.category.technical') });
    await page.getByLabel(nb('case.description')).fill('Siden mandag har ruteren startet på nytt ca. kl. 03.');
    await clickAndWait(page, page.getByRole('button', { name: nb('case.submit') }));
    assert.match(pathOf(page), /^\/companies\/1\/cases\/\d+(\?|$)/);
    assert.equal(await h1().innerText(), subject);
    assert.match(await mainText(page), new RegExp(nb('flash.case-created')));
    await checkPage(page, 'case');

    // A comment on it.
    await page.getByRole('textbox', { name: nb('case.comment.label') }).fill('Det skjedde igjen i natt.');
    await clickAndWait(page, page.getByRole('button', { name: nb('case.comment.submit') }));
    assert.match(await mainText(page), new RegExp(nb('flash.comment-added')));
    assert.match(await page.locator('main .thread').innerText(), /Det skjedde igjen i natt\./);

    await clickAndWait(page, page.getByRole('link', { name: nb('cases.back') }));
    const row = page.locator('main table tbody tr').filter({ hasText: subject });
    assert.equal(await row.count(), 1);
    assert.match(await row.innerText(), /Supportsak: Teknisk feil/);
  });

  it('follows a location to its invoices, opens one specified and signs up for e-invoice', async () => {
    await page.goto('/companies/1/locations');
    const row = page.locator('main table tbody tr').filter({ hasText: '11001' });
    await clickAndWait(page, row.getByRole('link', { name: nb('locations.action.invoices') }));
    assert.equal(pathOf(page), '/locations/1/invoices');
    // The seed's year: 998,75 kr due 13.01.2026 (29.12.2025 + 15 days).
    await page.getByLabel(nb('invoices.year')).selectOption('2025');
    await clickAndWait(page, page.getByRole('button', { name: nb('invoices.show') }));
    const seed = page.locator('main table tbody tr').filter({ hasText: '100003' });
    const text = (await seed.innerText()).replace(/\s+/g, ' ');
    assert.match(text, /29\.12\.2025/);
    assert.match(text, /13\.01\.2026/);
    assert.match(text, /998,75 kr/);
    await checkPage(page, 'invoices-location');
    await clickAndWait(page, seed.getByRole('link', { name: '100003', exact: true }));
    assert.match(pathOf(page), /^\/companies\/1\/invoices\/[0-9]+$/);
    assert.match(await h1().innerText(), /100003/);
    const spec = await mainText(page);
    assert.match(spec, /TSN-75606716/);
    assert.match(spec, /Mobilt bredbånd 100 GB/);
    assert.match(spec, /199,75 kr/);
    await checkPage(page, 'invoice');
    // The company's invoices: October's is overdue and stands out.
    await page.goto('/companies/1');
    await clickAndWait(page, area('nav.invoices'));
    assert.equal(pathOf(page), '/companies/1/invoices');
    const overdue = page.locator('main table tbody tr.overdue');
    assert.ok(await overdue.count() >= 1, 'an overdue invoice is marked');
    assert.match(await overdue.first().innerText(), new RegExp(nb('invoice.status.overdue')));
    await checkPage(page, 'invoices');
    await clickAndWait(page, page.getByRole('link', { name: nb('invoices.einvoice-link') }));
    assert.equal(pathOf(page), '/companies/1/einvoice');
    await page.getByLabel(nb('einvoice.email')).fill('regnskap@bitpro.example.no');
    await clickAndWait(page, page.getByRole('button', { name: nb('einvoice.submit') }));
    assert.match(await mainText(page), new RegExp(nb('flash.einvoice-added')));
    assert.match(await mainText(page), /regnskap@bitpro\.example\.no/);
    await checkPage(page, 'einvoice');
  });

  it('sees the users and the audit log', async () => {
    await page.goto('/companies/1');
    await clickAndWait(page, area('nav.users'));
    assert.equal(pathOf(page), '/companies/1/users');
    assert.equal(await h1().innerText(), nb('users.title'));
    const text = await mainText(page);
    for (const who of ['Kari Nordmann', 'Ola Hansen', 'Per Olsen']) assert.ok(text.includes(who), who);
    await checkPage(page, 'users');
    await clickAndWait(page, area('nav.audit'));
    assert.equal(pathOf(page), '/companies/1/audit');
    assert.equal(await h1().innerText(), nb('audit.title'));
    // What she did above is in it, with her name.
    const log = await mainText(page);
    for (const what of ['change-request', 'plan-change', 'case-create', 'case-comment']) {
      assert.match(log, new RegExp(`Kari Nordmann \\(kari\\.nordmann@example\\.no\\) ${what} `), what);
    }
    await checkPage(page, 'audit');
  });

  it('switches to English and Danish and back', async () => {
    await page.goto('/companies/1');
    await clickAndWait(page, area('nav.locations'));
    await clickAndWait(page, page.locator('nav.lang-switch').getByRole('link', { name: 'English' }));
    assert.equal(pathOf(page), '/companies/1/locations');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await h1().innerText(), 'Bitpro Demo AS');
    assert.equal(await page.locator('main h2').first().innerText(), t('en', 'locations.title'));
    assert.ok(await area('nav.cases', 'en').isVisible());
    assert.match(await page.locator('main table thead').innerText(), new RegExp(t('en', 'locations.col.price')));
    assert.match(await mainText(page), /799\.00|799,00/);
    await checkPage(page, 'locations-en');

    await clickAndWait(page, page.locator('nav.lang-switch').getByRole('link', { name: 'Dansk' }));
    assert.equal(await page.locator('html').getAttribute('lang'), 'da');
    assert.equal(await page.locator('main h2').first().innerText(), t('da', 'locations.title'));
    // The choice stays for the next page.
    await clickAndWait(page, area('nav.cases', 'da'));
    assert.equal(await h1().innerText(), t('da', 'cases.title'));
    await checkPage(page, 'cases-da');

    await clickAndWait(page, page.locator('nav.lang-switch').getByRole('link', { name: 'Norsk' }));
    assert.equal(await page.locator('html').getAttribute('lang'), 'nb');
    assert.equal(await h1().innerText(), nb('cases.title'));
  });

  it('logs out, and the company pages then ask for a login', async () => {
    await page.goto('/companies/1');
    await clickAndWait(page, page.locator('header form.logout').getByRole('button', { name: nb('nav.logout') }));
    assert.equal(pathOf(page), '/login?done=logged-out');
    assert.equal(await h1().innerText(), nb('login.title'));
    assert.equal(await page.getByRole('button', { name: nb('nav.logout') }).count(), 0);
    assert.match(await mainText(page), new RegExp(nb('login.message.logged-out')));
    await checkPage(page, 'logged-out');
    for (const p of ['/companies/1', '/companies/1/locations', '/locations/1/manage']) {
      await page.goto(p);
      assert.equal(new URL(page.url()).pathname, '/login', `${p} leads to the login`);
      assert.equal(await h1().innerText(), nb('login.title'));
    }
  });
});
