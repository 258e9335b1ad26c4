// The operator's staff walk the back office as a person does: Ola Drift
// (administrator) logs in with the mailed code and sets up the
// authenticator app, then goes by the menu and the buttons on screen
// through the staff, the customers and the catalogue; a member with one
// role sees only what that role opens. Every page is saved as a screenshot
// and checked with axe-core (lib.mjs checkPage).
//
// One stack and one browser for the file; each walk is a describe block of
// its own, in order, sharing Ola's logged-in page (`ola`). A walk of a
// later page (a case answered, a change request carried out, bank files,
// a billing run) is one more describe block at the end, logging in others
// with lib.mjs staffLogin.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startStack, launchBrowser, newPage, login, checkPage, clickAndWait, pathOf,
  mainText, t, KARI, OLA, staffCode, staffLogin, enrolmentKey, recoveryCodes,
  freshTotp, totp, lastTotpStep, adminMenu,
} from './lib.mjs';

const nb = (key) => t('nb', key);
const squeeze = (s) => s.replace(/\s+/g, ' ').trim();
const h1 = (page) => page.locator('main h1');
// A day as the pages print it (nb): 31.12.2027.
const shown = (iso) => iso.split('-').reverse().join('.');
const addDays = (iso, n) => {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

// The member Ola adds, who holds the catalogue role only.
const SIRI = { name: 'Siri Katalog', email: 'siri.katalog@operator.example.no' };

describe('the back office', () => {
  let stack, browser, ola;
  let olaKey = null;      // the key of Ola's authenticator app, once enrolled
  let bitpro = null;      // /admin/customers/N of Bitpro Demo AS

  before(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    ola = await newPage(browser, stack);
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  describe('Ola Drift logs in with the mailed code and the authenticator app', () => {
    it('asks for the address, then the code from the mail', async () => {
      await stack.call({ op: 'reset_codes' });
      await ola.goto('/admin');
      assert.equal(pathOf(ola), '/admin/login', 'the back office asks for a login first');
      assert.equal(await h1(ola).innerText(), nb('admin.login.title'));
      await checkPage(ola, 'login');
      const before = await stack.call({ op: 'count', address: OLA });
      await ola.getByLabel(nb('login.email.label')).fill(OLA);
      await clickAndWait(ola, ola.getByRole('button', { name: nb('login.email.submit') }));
      assert.equal(pathOf(ola), '/admin/login/code');
      assert.match(await mainText(ola), /ola\.drift@operator\.example\.no/);
      assert.match(await mainText(ola), new RegExp(nb('login.message.code-sent')));
      await checkPage(ola, 'login-code');

      // A wrong code is refused on the same page.
      await ola.getByLabel(nb('login.code.label')).fill('00000000');
      await clickAndWait(ola, ola.getByRole('button', { name: nb('login.code.submit') }));
      assert.equal(pathOf(ola), '/admin/login/code');
      assert.match(await mainText(ola), new RegExp(nb('login.message.invalid-code')));

      const code = await stack.call({ op: 'code', address: OLA, after: before });
      await ola.getByLabel(nb('login.code.label')).fill(code);
      await clickAndWait(ola, ola.getByRole('button', { name: nb('login.code.submit') }));
      assert.equal(pathOf(ola), '/admin/login/second');
    });

    it('sets up the app from the key shown with the QR code, and gets ten recovery codes once', async () => {
      assert.match(await mainText(ola), new RegExp(nb('admin.enroll.intro').slice(0, 40)));
      const qr = ola.getByRole('img', { name: nb('admin.enroll.qr') });
      assert.equal(await qr.count(), 1, 'the QR code is on the page');
      const box = await qr.boundingBox();
      assert.ok(box && box.width >= 200 && box.height >= 200, 'the QR code is large enough to scan');
      assert.ok((await qr.locator('path').getAttribute('d')).length > 100, 'the QR code has its modules');
      olaKey = await enrolmentKey(ola);
      await checkPage(ola, 'enrol');

      // A code from another key is refused; the enrolment stays.
      const wrong = totp('JBSWY3DPEHPK3PXP');
      await ola.getByLabel(nb('admin.enroll.code')).fill(wrong === totp(olaKey) ? '000000' : wrong);
      await clickAndWait(ola, ola.getByRole('button', { name: nb('login.code.submit') }));
      assert.equal(pathOf(ola), '/admin/login/second');
      assert.match(await mainText(ola), new RegExp(nb('login.message.invalid-code')));
      assert.equal(await enrolmentKey(ola), olaKey, 'the same key until it is confirmed');

      await ola.getByLabel(nb('admin.enroll.code')).fill(await freshTotp(olaKey));
      await clickAndWait(ola, ola.getByRole('button', { name: nb('login.code.submit') }));
      assert.match(await mainText(ola), new RegExp(nb('admin.recovery.intro').slice(0, 30)));
      const codes = await recoveryCodes(ola);
      assert.equal(codes.length, 10);
      for (const c of codes) assert.match(c, /^\d{5} \d{5}$/);
      assert.equal(new Set(codes).size, 10, 'ten different codes');
      await checkPage(ola, 'recovery-codes');
      await clickAndWait(ola, ola.getByRole('link', { name: nb('admin.recovery.continue') }));
      assert.equal(pathOf(ola), '/admin');

      // They are not shown again: the second step now leads home.
      await ola.goto('/admin/login/second');
      assert.equal(pathOf(ola), '/admin');
      assert.equal(await ola.locator('ol.recovery-codes').count(), 0);
    });

    it('reaches the home page with the work waiting and the menu of every role', async () => {
      assert.equal(await h1(ola).innerText(), nb('admin.home.title'));
      const text = await mainText(ola);
      for (const key of ['admin.work.new-cases', 'admin.work.open-cases', 'admin.work.overdue-invoices',
        'admin.work.companies']) {
        assert.ok(text.includes(nb(key)), `the home page shows ${nb(key)}`);
      }
      assert.match(await ola.locator('header').innerText(), /Ola Drift/);
      for (const key of ['admin.nav.home', 'admin.nav.staff', 'admin.nav.customers', 'admin.nav.catalogue']) {
        assert.equal(await adminMenu(ola, key).count(), 1, `the menu has ${nb(key)}`);
      }
      assert.equal(await adminMenu(ola, 'admin.nav.home').getAttribute('aria-current'), 'page');
      await checkPage(ola, 'home');
    });

    it('logs out, and the back office asks for a login again', async () => {
      await clickAndWait(ola, ola.locator('header form.logout').getByRole('button', { name: nb('nav.logout') }));
      assert.equal(pathOf(ola), '/admin/login?done=staff-logged-out');
      assert.equal(await h1(ola).innerText(), nb('admin.login.title'));
      assert.match(await mainText(ola), new RegExp(nb('flash.staff-logged-out')));
      assert.equal(await ola.getByRole('button', { name: nb('nav.logout') }).count(), 0);
      await checkPage(ola, 'logged-out');
      for (const p of ['/admin', '/admin/staff', '/admin/customers', '/admin/catalogue']) {
        await ola.goto(p);
        assert.equal(pathOf(ola), '/admin/login', `${p} leads to the login`);
      }
    });

    it('logs in again with the mailed code and a new code from the app', async () => {
      await staffCode(ola, stack, OLA);
      // Enrolled: no QR code nor key this time.
      assert.equal(await ola.locator('main code.secret').count(), 0);
      assert.equal(await ola.getByRole('img', { name: nb('admin.enroll.qr') }).count(), 0);
      assert.match(await mainText(ola), new RegExp(nb('admin.totp.intro').slice(0, 30)));
      await checkPage(ola, 'login-totp');

      // The code that opened the door at the enrolment does not do it twice
      // (while its step is in the server's window, or after).
      await ola.getByLabel(nb('admin.totp.code')).fill(totp(olaKey, lastTotpStep(olaKey)));
      await clickAndWait(ola, ola.getByRole('button', { name: nb('login.code.submit') }));
      assert.equal(pathOf(ola), '/admin/login/second');
      assert.match(await mainText(ola), new RegExp(nb('login.message.invalid-code')));
      // The app's next code: a step not used yet (freshTotp waits for it).
      const fresh = await freshTotp(olaKey);
      await ola.getByLabel(nb('admin.totp.code')).fill(fresh);
      await clickAndWait(ola, ola.getByRole('button', { name: nb('login.code.submit') }));
      assert.equal(pathOf(ola), '/admin');
      assert.equal(await h1(ola).innerText(), nb('admin.home.title'));
    });
  });

  describe('Ola adds a member of staff', () => {
    it('adds Siri with the catalogue role through the form', async () => {
      await clickAndWait(ola, adminMenu(ola, 'admin.nav.staff'));
      assert.equal(pathOf(ola), '/admin/staff');
      assert.equal(await h1(ola).innerText(), nb('admin.staff.title'));
      const ours = ola.locator('main table tbody tr').filter({ hasText: 'Ola Drift' });
      assert.match(squeeze(await ours.innerText()), new RegExp(nb('admin.staff.enrolled')));
      await checkPage(ola, 'staff');

      const before = await stack.call({ op: 'count', address: SIRI.email });
      await ola.getByLabel(nb('admin.staff.col.name'), { exact: true }).fill(SIRI.name);
      await ola.getByLabel(nb('admin.staff.col.email'), { exact: true }).fill(SIRI.email);
      await ola.getByLabel(nb('role.catalogue'), { exact: true }).check();
      await clickAndWait(ola, ola.getByRole('button', { name: nb('admin.staff.add.submit'), exact: true }));
      assert.equal(pathOf(ola), '/admin/staff?done=staff-added');
      assert.match(await mainText(ola), new RegExp(nb('flash.staff-added')));
      await checkPage(ola, 'staff-added');

      const row = ola.locator('main table tbody tr').filter({ hasText: SIRI.email });
      assert.equal(await row.count(), 1);
      const text = squeeze(await row.innerText());
      assert.ok(text.includes(SIRI.name), text);
      assert.ok(text.includes(nb('role.catalogue')), text);
      assert.ok(text.includes(nb('admin.staff.not-enrolled')), `${SIRI.name} is not set up yet: ${text}`);
      assert.ok(text.includes(nb('admin.staff.never')), text);
      // She is told by mail where the back office is.
      const mail = await stack.call({ op: 'mail', address: SIRI.email, after: before });
      assert.equal(mail.subject, nb('mail.staff.welcome.subject'));
      assert.ok(mail.body.includes(`${stack.base}/admin`), mail.body);
      assert.ok(mail.body.includes('Ola Drift'), mail.body);

      await clickAndWait(ola, row.getByRole('link', { name: SIRI.name }));
      assert.match(pathOf(ola), /^\/admin\/staff\/\d+$/);
      assert.equal(await h1(ola).innerText(), SIRI.name);
      assert.ok(await ola.getByLabel(nb('role.catalogue'), { exact: true }).isChecked());
      assert.ok(!(await ola.getByLabel(nb('role.customers'), { exact: true }).isChecked()));
      await checkPage(ola, 'staff-member');
    });
  });

  describe('Ola finds a customer and sees its pages as the customer does', () => {
    const search = async (q) => {
      await ola.getByLabel(nb('admin.customers.search')).fill(q);
      await clickAndWait(ola, ola.getByRole('button', { name: nb('admin.customers.search.submit'), exact: true }));
      return ola.locator('main table tbody tr');
    };

    it('searches Bitpro by name and by organisation number', async () => {
      await clickAndWait(ola, adminMenu(ola, 'admin.nav.customers'));
      assert.equal(pathOf(ola), '/admin/customers');
      assert.equal(await h1(ola).innerText(), nb('admin.customers.title'));
      await checkPage(ola, 'customers');

      let rows = await search('Bitpro');
      assert.equal(pathOf(ola), '/admin/customers?q=Bitpro');
      assert.equal(await rows.count(), 1);
      assert.match(squeeze(await rows.innerText()), /Bitpro Demo AS NO 912345678/);
      await checkPage(ola, 'customers-name');

      rows = await search('912345678');
      assert.equal(await rows.count(), 1);
      assert.match(squeeze(await rows.innerText()), /Bitpro Demo AS/);
      assert.equal(await ola.getByLabel(nb('admin.customers.search')).inputValue(), '912345678');

      await search('Ingen slik bedrift');
      assert.match(await mainText(ola), new RegExp(nb('admin.customers.none')));
      assert.equal(await ola.locator('main table').count(), 0);
    });

    it('opens the company', async () => {
      const rows = await search('912345678');
      await clickAndWait(ola, rows.getByRole('link', { name: 'Bitpro Demo AS' }));
      assert.match(pathOf(ola), /^\/admin\/customers\/\d+$/);
      bitpro = pathOf(ola);
      assert.equal(await h1(ola).innerText(), 'Bitpro Demo AS');
      const text = await mainText(ola);
      assert.match(text, /912345678/);
      assert.match(text, /Kongens gate 1, 7011 Trondheim/);
      assert.match(text, /Kari Nordmann/);
      assert.equal(await adminMenu(ola, 'admin.nav.customers').getAttribute('aria-current'), 'page');
      await checkPage(ola, 'customer');
    });

    it('opens the read-only view of its subscriptions, under the banner', async () => {
      await clickAndWait(ola, ola.locator('main ul.action-list')
        .getByRole('link', { name: nb('nav.subscriptions'), exact: true }));
      assert.equal(pathOf(ola), `${bitpro}/view/subscriptions`);
      const banner = ola.locator('#view-banner');
      assert.match(squeeze(await banner.innerText()), new RegExp(nb('view.banner.title')));
      assert.match(squeeze(await banner.innerText()), new RegExp(nb('view.banner.text').slice(0, 40)));
      assert.equal(await h1(ola).innerText(), nb('subs.title'));
      assert.equal(await ola.locator('main table tbody tr').count(), 4);
      assert.match(await mainText(ola), /Anne Berg .*349,00 kr/);
      // Nothing on it changes anything.
      assert.equal(await ola.locator('form[method=post i]').count(), 0);
      await checkPage(ola, 'view-subscriptions');
      await clickAndWait(ola, banner.getByRole('link', { name: nb('view.back') }));
      assert.equal(pathOf(ola), bitpro);
    });

    it('the view is in the customer\'s own audit log, where Kari sees it', async () => {
      const kari = await newPage(browser, stack);
      try {
        await login(kari, stack, KARI);
        const company = bitpro.replace('/admin/customers/', '/companies/');
        await kari.goto(company);
        assert.equal(await h1(kari).innerText(), 'Bitpro Demo AS');
        await clickAndWait(kari, kari.locator('nav.company-nav .areas')
          .getByRole('link', { name: nb('nav.audit'), exact: true }));
        assert.equal(pathOf(kari), `${company}/audit`);
        const rows = kari.locator('main table tbody tr').filter({ hasText: 'staff-view' });
        assert.ok(await rows.count() >= 1, 'the operator\'s view is in the log');
        assert.match(squeeze(await rows.first().innerText()),
          new RegExp(`Ola Drift \\(${nb('audit.operator')}\\) staff-view subscriptions`));
        await checkPage(kari, 'kari-audit');
      } finally {
        await kari.context().close();
      }
    });
  });

  describe('Ola gives a top-up a new price from a later day', () => {
    it('opens Ekstra datapakke 40 GB from the catalogue', async () => {
      await clickAndWait(ola, adminMenu(ola, 'admin.nav.catalogue'));
      assert.equal(pathOf(ola), '/admin/catalogue');
      assert.equal(await h1(ola).innerText(), nb('catalogue.title'));
      const topups = ola.locator('main table').filter({ hasText: 'TOP40' });
      const row = topups.locator('tbody tr').filter({ hasText: 'Ekstra datapakke 40 GB' });
      assert.equal(await row.count(), 1);
      assert.match(squeeze(await row.innerText()), /NO 499,00 kr/);
      await checkPage(ola, 'catalogue');
      await clickAndWait(ola, row.getByRole('link', { name: 'Ekstra datapakke 40 GB' }));
      assert.match(pathOf(ola), /^\/admin\/catalogue\/\d+$/);
      assert.equal(await h1(ola).innerText(), 'Ekstra datapakke 40 GB');
      assert.match(await mainText(ola), new RegExp(nb('catalogue.kind.topup')));
      await checkPage(ola, 'product');
    });

    it('adds a price from a day a month ahead and sees it listed as coming', async () => {
      const prices = ola.locator('main table.prices tbody tr');
      const count = await prices.count();
      assert.ok(count >= 1, 'the product has a price now');
      // The form offers today; the new price starts 30 days later.
      const today = await ola.getByLabel(nb('catalogue.field.from'), { exact: true }).inputValue();
      assert.match(today, /^\d{4}-\d{2}-\d{2}$/);
      const from = addDays(today, 30);
      await ola.getByLabel(nb('catalogue.field.country'), { exact: true })
        .selectOption({ label: nb('catalogue.country.NO') });
      await ola.getByLabel(nb('catalogue.field.oneoff'), { exact: true }).fill('549,00');
      await ola.getByLabel(nb('catalogue.field.from'), { exact: true }).fill(from);
      await clickAndWait(ola, ola.getByRole('button', { name: nb('catalogue.price.submit'), exact: true }));
      assert.match(await mainText(ola), new RegExp(nb('flash.price-added')));
      assert.equal(await prices.count(), count + 1);

      const coming = prices.filter({ hasText: shown(from) });
      assert.equal(await coming.count(), 1);
      const text = squeeze(await coming.innerText());
      assert.match(text, /549,00 kr/);
      assert.ok(text.includes(nb('catalogue.state.future')), text);
      assert.ok(text.includes('Ola Drift'), text);
      // The price in force now ends the day before.
      const now = prices.filter({ hasText: nb('catalogue.state.current') });
      assert.equal(await now.count(), 1);
      assert.match(squeeze(await now.innerText()), new RegExp(`${shown(addDays(from, -1)).replace(/\./g, '\\.')}.*499,00 kr`));
      await checkPage(ola, 'product-price');

      // The catalogue shows today's price still.
      await clickAndWait(ola, ola.getByRole('link', { name: nb('catalogue.back') }));
      const row = ola.locator('main tbody tr').filter({ hasText: 'Ekstra datapakke 40 GB' });
      assert.match(squeeze(await row.innerText()), /499,00 kr/);
    });
  });

  describe('a member with the catalogue role only', () => {
    let siri;

    before(async () => {
      siri = await newPage(browser, stack);
    });

    after(async () => {
      await siri?.context().close();
    });

    it('Siri sets up her app at her first login and sees only her part of the menu', async () => {
      const { secret, recovery } = await staffLogin(siri, stack, SIRI.email);
      assert.ok(secret && recovery.length === 10);
      assert.match(await siri.locator('header').innerText(), /Siri Katalog/);
      assert.equal(await adminMenu(siri, 'admin.nav.home').count(), 1);
      assert.equal(await adminMenu(siri, 'admin.nav.catalogue').count(), 1);
      for (const key of ['admin.nav.staff', 'admin.nav.customers']) {
        assert.equal(await adminMenu(siri, key).count(), 0, `no ${nb(key)} in her menu`);
      }
      await checkPage(siri, 'catalogue-member-home');
      await clickAndWait(siri, adminMenu(siri, 'admin.nav.catalogue'));
      assert.equal(pathOf(siri), '/admin/catalogue');
      assert.equal(await h1(siri).innerText(), nb('catalogue.title'));
    });

    it('gets the no-access page on the customers and the staff', async () => {
      for (const p of ['/admin/customers', `${bitpro}`, `${bitpro}/view/subscriptions`, '/admin/staff']) {
        const resp = await siri.goto(p);
        assert.equal(resp.status(), 403, p);
        assert.equal(pathOf(siri), p);
        assert.equal(await h1(siri).innerText(), nb('error.403.title'), p);
        assert.ok(!(await siri.locator('body').innerText()).includes('Bitpro'), p);
      }
      // The page says what is missing: a role, not a stale form.
      const text = await mainText(siri);
      assert.ok(text.includes(nb('error.403.role.text')), text);
      await checkPage(siri, 'forbidden');
      // The way back leads to the back office's home, not the portal's.
      assert.equal(await siri.locator('header a.brand').innerText(), nb('admin.app.name'));
      await clickAndWait(siri, siri.getByRole('link', { name: nb('error.home') }));
      assert.equal(pathOf(siri), '/admin');
      assert.equal(await h1(siri).innerText(), nb('admin.home.title'));
    });

    it('and Ola\'s list shows her set up now', async () => {
      await ola.goto('/admin/staff');
      const row = ola.locator('main table tbody tr').filter({ hasText: SIRI.email });
      const text = squeeze(await row.innerText());
      assert.ok(text.includes(nb('admin.staff.enrolled')), text);
      assert.ok(!text.includes(nb('admin.staff.never')), text);
    });
  });
});
