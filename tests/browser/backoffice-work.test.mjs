// The back office's daily work, walked by people as they do it, with the
// links and buttons on screen: Kari (customer) sends a support case that
// Kari Kundeservice (role care) takes, answers and notes on, and Kari
// sees the answer, not the note, and gets it by mail; a change request of
// Kari's that customer care carries out, after which her subscription has
// the new plan; Bjørn Faktura (role billing) reads in a camt.054 and an OCR
// giro file that pay an invoice of each of Kari's two companies, which she
// then sees paid; and he previews, starts and follows a billing run to its
// invoices' PDFs.
// Every page is saved as a screenshot and checked with axe-core (lib.mjs
// checkPage). One stack (its own demo data) and one browser for the file;
// the walks are describe blocks in order, each person in a profile of
// their own.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  startStack, launchBrowser, newPage, login, checkPage, clickAndWait, pathOf,
  mainText, t, KARI, staffLogin, adminMenu,
} from './lib.mjs';

const nb = (key) => t('nb', key);
const squeeze = (s) => s.replace(/\s+/g, ' ').trim();
const h1 = (page) => page.locator('main h1');
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// An amount as the pages print it (nb): "2557.50" → "2 557,50 kr".
const kr = (amount) => {
  const [whole, frac] = amount.split('.');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0')},${frac} kr`;
};
const matchesKr = (text, amount) =>
  text.replace(/[\u00a0\u202f ]/g, ' ').includes(kr(amount).replace(/\u00a0/g, ' '));

const CARE = 'kari.kundeservice@operator.example.no';
const BILLING = 'bjorn.faktura@operator.example.no';
const BITPRO = '/companies/1';

describe('the back office at work', () => {
  let stack, browser, kari, care, bjorn;

  before(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    kari = await newPage(browser, stack);
    care = await newPage(browser, stack);
    bjorn = await newPage(browser, stack);
    await login(kari, stack, KARI);
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  // The portal's area link of the company's menu.
  const area = (page, key) => page.locator('nav.company-nav .areas')
    .getByRole('link', { name: nb(key), exact: true });

  describe('customer care answers Kari\'s case', () => {
    const subject = 'Mobilnettet faller ut i 3. etasje';
    const reply = 'Vi har byttet innstillingen på basestasjonen. Prøv igjen nå.';
    const note = 'Internt: sjekket dekningskartet, basestasjon TRD-114 hadde feil.';
    let casePath = null;      // Kari's /companies/1/cases/N
    let caseId = null;

    it('Kari sends a support case in the portal', async () => {
      await kari.goto(BITPRO);
      await clickAndWait(kari, area(kari, 'nav.cases'));
      assert.equal(pathOf(kari), `${BITPRO}/cases`);
      await clickAndWait(kari, kari.getByRole('link', { name: nb('case.create') }));
      await kari.getByLabel(nb('case.subject')).fill(subject);
      await kari.getByLabel(nb('case.category')).selectOption({ label: nb('case.category.technical') });
      await kari.getByLabel(nb('case.description')).fill('Samtaler brytes i 3. etasje siden i går.');
      await clickAndWait(kari, kari.getByRole('button', { name: nb('case.submit') }));
      const m = pathOf(kari).match(/^\/companies\/1\/cases\/(\d+)(\?|$)/);
      assert.ok(m, pathOf(kari));
      caseId = m[1];
      casePath = `${BITPRO}/cases/${caseId}`;
      assert.equal(await h1(kari).innerText(), subject);
      assert.match(await mainText(kari), new RegExp(escape(nb('flash.case-created'))));
      await checkPage(kari, 'kari-case-sent');
    });

    it('Kari Kundeservice logs in and finds it in the queue', async () => {
      await staffLogin(care, stack, CARE);
      assert.match(await care.locator('header').innerText(), /Kari Kundeservice/);
      await clickAndWait(care, adminMenu(care, 'admin.nav.cases'));
      assert.equal(pathOf(care), '/admin/cases');
      assert.equal(await h1(care).innerText(), nb('admin.cases.title'));
      const row = care.locator('main table tbody tr').filter({ hasText: subject });
      assert.equal(await row.count(), 1);
      const text = squeeze(await row.innerText());
      assert.ok(text.includes('Bitpro Demo AS'), text);
      assert.ok(text.includes(nb('admin.status.new')), text);
      assert.ok(text.includes(nb('admin.case.nobody')), text);
      await checkPage(care, 'queue');
      await clickAndWait(care, row.getByRole('link', { name: subject }));
      assert.equal(pathOf(care), `/admin/cases/${caseId}`);
      assert.equal(await h1(care).innerText(), subject);
      await checkPage(care, 'case');
    });

    it('takes it, replies and adds an internal note', async () => {
      await clickAndWait(care, care.getByRole('button', { name: nb('admin.case.take'), exact: true }));
      assert.equal(pathOf(care), `/admin/cases/${caseId}?done=case-assigned`);
      assert.match(await mainText(care), new RegExp(escape(nb('flash.case-assigned'))));
      const details = squeeze(await care.locator('main dl.details').innerText());
      assert.ok(details.includes('Kari Kundeservice'), details);
      // Taken: the button to take it is gone.
      assert.equal(await care.getByRole('button', { name: nb('admin.case.take'), exact: true }).count(), 0);
      await checkPage(care, 'case-taken');

      const before = await stack.call({ op: 'count', address: KARI });
      await care.getByLabel(nb('admin.case.reply.label'), { exact: true }).fill(reply);
      await clickAndWait(care, care.getByRole('button', { name: nb('admin.case.reply.submit'), exact: true }));
      assert.equal(pathOf(care), `/admin/cases/${caseId}?done=reply-sent`);
      assert.match(await mainText(care), new RegExp(escape(nb('flash.reply-sent'))));
      assert.ok((await care.locator('main ol.thread').innerText()).includes(reply));
      await checkPage(care, 'case-replied');

      // Kari gets the reply by mail, with the way to her case.
      const mail = await stack.call({ op: 'mail', address: KARI, after: before });
      assert.ok(mail.subject.includes(caseId), mail.subject);
      assert.ok(mail.body.includes(reply), mail.body);
      assert.ok(mail.body.includes(casePath), mail.body);

      await care.getByLabel(nb('admin.case.note.label'), { exact: true }).fill(note);
      await clickAndWait(care, care.getByRole('button', { name: nb('admin.case.note.submit'), exact: true }));
      assert.equal(pathOf(care), `/admin/cases/${caseId}?done=note-added`);
      assert.match(await mainText(care), new RegExp(escape(nb('flash.note-added'))));
      const internal = care.locator('main ol.thread li.comment-internal');
      assert.equal(await internal.count(), 1);
      const text = squeeze(await internal.innerText());
      assert.ok(text.includes(note) && text.includes(nb('admin.case.internal')), text);
      await checkPage(care, 'case-noted');
    });

    it('Kari sees the reply on her case page, and not the note', async () => {
      await kari.goto(`${BITPRO}/cases`);
      const row = kari.locator('main table tbody tr').filter({ hasText: subject });
      await clickAndWait(kari, row.getByRole('link', { name: subject }));
      assert.equal(pathOf(kari), casePath);
      const thread = kari.locator('main .thread');
      const text = squeeze(await thread.innerText());
      assert.ok(text.includes(reply), text);
      // Signed with the staff member's first name and customer care.
      const answer = thread.locator('li.comment-operator').filter({ hasText: reply });
      assert.match(squeeze(await answer.innerText()), new RegExp(`^Kari \\(${nb('case.operator')}\\),`));
      const page = await kari.locator('body').innerText();
      assert.ok(!page.includes(note) && !page.includes('TRD-114'), 'the internal note is not hers');
      assert.equal(await kari.locator('.comment-internal').count(), 0);
      await checkPage(kari, 'kari-case-answered');
    });
  });

  describe('customer care carries out Kari\'s change request', () => {
    const comment = 'Vi ønsker fiber i stedet for mobilt bredbånd på kontoret.';
    let caseId = null;

    it('Kari asks for another plan from the location\'s Manage page', async () => {
      await kari.goto(BITPRO);
      await clickAndWait(kari, area(kari, 'nav.locations'));
      const row = kari.locator('main table tbody tr').filter({ hasText: '11001' });
      await clickAndWait(kari, row.getByRole('link', { name: nb('locations.action.manage') }));
      assert.equal(pathOf(kari), '/locations/1/manage');
      await kari.getByLabel(nb('manage.service')).selectOption({ label: 'Mobilt bredbånd 100 GB (TSN-75606716)' });
      await kari.getByLabel(nb('manage.change')).selectOption({ label: nb('case.change.change-subscription') });
      await kari.getByLabel(nb('manage.comment')).fill(comment);
      await clickAndWait(kari, kari.getByRole('button', { name: nb('manage.submit') }));
      assert.match(await mainText(kari), new RegExp(escape(nb('flash.change-requested'))));
      await checkPage(kari, 'kari-change-requested');
    });

    it('care finds the change request in the queue and checks the change', async () => {
      await clickAndWait(care, adminMenu(care, 'admin.nav.cases'));
      await care.getByLabel(nb('admin.cases.kind')).selectOption({ label: nb('case.kind.change') });
      await care.getByLabel(nb('admin.cases.company')).fill('Bitpro');
      await care.getByLabel(nb('admin.cases.order')).selectOption({ label: nb('admin.cases.order.newest') });
      await clickAndWait(care, care.getByRole('button', { name: nb('admin.cases.filter'), exact: true }));
      assert.match(pathOf(care), /^\/admin\/cases\?/);
      const rows = care.locator('main table tbody tr');
      assert.ok(await rows.count() >= 1);
      const first = squeeze(await rows.first().innerText());
      assert.ok(first.includes(nb('case.change.change-subscription')), first);
      assert.ok(first.includes(nb('admin.status.new')), first);
      await checkPage(care, 'queue-changes');
      await clickAndWait(care, rows.first().locator('th a'));
      const m = pathOf(care).match(/^\/admin\/cases\/(\d+)$/);
      assert.ok(m, pathOf(care));
      caseId = m[1];
      const text = await mainText(care);
      assert.ok(text.includes('TSN-75606716') && text.includes(comment), text);
      await checkPage(care, 'change-request');

      const plan = care.getByLabel(nb('admin.case.carry.plan.label'), { exact: true });
      const options = await plan.locator('option').allInnerTexts();
      const fibre = options.find((o) => o.startsWith('Internett Fiber 500'));
      assert.ok(fibre, `the plans offered: ${options.join(' | ')}`);
      assert.ok(!options.some((o) => o.startsWith('Mobilt bredbånd 100 GB')), 'not the plan it has');
      await plan.selectOption({ label: fibre });
      await clickAndWait(care, care.getByRole('button', { name: nb('admin.case.carry.check'), exact: true }));
      assert.match(pathOf(care), new RegExp(`^/admin/cases/${caseId}\\?product=\\d+$`));
      const confirm = care.locator('main section.confirm');
      assert.match(squeeze(await confirm.innerText()), /Internett Fiber 500.*1\s199,00 kr/);
      await checkPage(care, 'change-confirm');
    });

    it('carries it out: the case is resolved', async () => {
      await clickAndWait(care, care.getByRole('button', { name: nb('admin.case.confirm.submit'), exact: true }));
      assert.equal(pathOf(care), `/admin/cases/${caseId}?done=change-carried-out`);
      assert.match(await mainText(care), new RegExp(escape(nb('flash.change-carried-out'))));
      const details = squeeze(await care.locator('main dl.details').innerText());
      assert.ok(details.includes(nb('admin.status.resolved')), details);
      assert.ok(details.includes('Internett Fiber 500'), details);
      // Nothing left to carry out.
      assert.equal(await care.getByRole('button', { name: nb('admin.case.carry.check') }).count(), 0);
      await checkPage(care, 'change-carried-out');
    });

    it('Kari sees the new plan on the subscription page', async () => {
      await kari.goto(BITPRO);
      await clickAndWait(kari, area(kari, 'nav.subscriptions'));
      assert.equal(pathOf(kari), `${BITPRO}/subscriptions`);
      const row = kari.locator('main table tbody tr').filter({ hasText: 'Internett Fiber 500' });
      assert.equal(await row.count(), 1);
      assert.ok(matchesKr(await row.innerText(), '1199.00'), await row.innerText());
      assert.equal(await kari.locator('main table tbody tr').filter({ hasText: 'Mobilt bredbånd 100 GB' }).count(), 0);
      await clickAndWait(kari, row.locator('th a'));
      assert.equal(pathOf(kari), `${BITPRO}/subscriptions/1`);
      const text = await mainText(kari);
      assert.ok(text.includes('TSN-75606716'), text);
      assert.ok(text.includes('Internett Fiber 500'), text);
      // The change is in its history, made by customer care.
      assert.ok(text.includes(`Kari (${nb('case.operator')})`), text);
      await checkPage(kari, 'kari-new-plan');
    });
  });

  describe('Bjørn reads in bank files that pay two of Kari\'s invoices', () => {
    // [{company, number, kid, amount, year}]: the first unpaid invoice of
    // each of Kari's companies (Bitpro Demo AS, Nordlys Eiendom AS).
    let open = [];

    before(async () => {
      const rows = await stack.call({ op: 'sql', query:
        'SELECT company_id, number, payment_ref, total - paid, YEAR(invoice_date)' +
        " FROM invoices i WHERE kind = 'invoice' AND status = 'unpaid' AND number =" +
        " (SELECT MIN(number) FROM invoices j WHERE j.company_id = i.company_id" +
        " AND j.kind = 'invoice' AND j.status = 'unpaid') AND company_id IN (1, 2)" +
        ' ORDER BY company_id' });
      open = rows.map(([company, number, kid, amount, year]) => ({ company, number, kid, amount, year }));
      assert.equal(open.length, 2, 'the demo has an unpaid invoice of Bitpro and of Nordlys');
    });

    // Uploads a bank file through the form; the result page names the file
    // and its format, counts one invoice paid and shows inv's line paid.
    const uploadPays = async (name, mimeType, text, format, inv) => {
      await bjorn.getByLabel(nb('bank.upload.file'), { exact: true })
        .setInputFiles({ name, mimeType, buffer: Buffer.from(text) });
      await clickAndWait(bjorn, bjorn.getByRole('button', { name: nb('bank.upload.submit'), exact: true }));
      assert.equal(pathOf(bjorn), '/admin/payments/upload');
      assert.equal(await h1(bjorn).innerText(), nb('bank.import.title'));
      assert.ok((await mainText(bjorn)).includes(name));
      const card = (key) => bjorn.locator('main dl.cards .card')
        .filter({ has: bjorn.locator('dt', { hasText: new RegExp(`^${escape(nb(key))}$`) }) }).locator('dd');
      assert.equal(await card('bank.import.format').innerText(), format);
      assert.equal(await card('bank.import.paid').innerText(), '1');
      assert.equal(await card('bank.import.unmatched').innerText(), '0');
      const line = bjorn.locator('main table tbody tr').filter({ hasText: inv.kid });
      assert.equal(await line.count(), 1);
      const row = squeeze(await line.innerText());
      assert.ok(row.includes(nb('bank.outcome.paid')), row);
      assert.ok(row.includes(inv.number), row);
      assert.ok(matchesKr(row, inv.amount), row);
    };

    it('logs in and uploads a camt.054 file paying the first', async () => {
      await staffLogin(bjorn, stack, BILLING);
      assert.match(await bjorn.locator('header').innerText(), /Bjørn Faktura/);
      await clickAndWait(bjorn, adminMenu(bjorn, 'admin.nav.payments'));
      assert.equal(pathOf(bjorn), '/admin/payments');
      await checkPage(bjorn, 'payments');
      const camt = await stack.call({ op: 'camt054', entries: [
        { ref: 'WALK-1', amount: open[0].amount, kid: open[0].kid, payer: 'Bitpro Demo AS' }] });
      await uploadPays('walk.xml', 'application/xml', camt, 'camt.054', open[0]);
      await checkPage(bjorn, 'camt-imported');
    });

    it('uploads an OCR giro file paying the second', async () => {
      const ocr = await stack.call({ op: 'ocr', txns: [
        { kid: open[1].kid, amount: open[1].amount, archive: '400000001' }] });
      await uploadPays('walk.ocr', 'text/plain', ocr, 'OCR giro', open[1]);
      await checkPage(bjorn, 'ocr-imported');
    });

    it('Kari sees the two invoices paid', async () => {
      for (const inv of open) {
        await kari.goto(`/companies/${inv.company}`);
        await clickAndWait(kari, area(kari, 'nav.invoices'));
        assert.equal(pathOf(kari), `/companies/${inv.company}/invoices`);
        await kari.getByLabel(nb('invoices.year')).selectOption(String(inv.year));
        await clickAndWait(kari, kari.getByRole('button', { name: nb('invoices.show') }));
        const row = kari.locator('main table tbody tr').filter({ hasText: inv.number });
        assert.equal(await row.count(), 1, inv.number);
        const text = squeeze(await row.innerText());
        assert.ok(text.includes(nb('invoice.status.paid')), text);
        assert.ok(!text.includes(nb('invoice.status.overdue')), text);
        await checkPage(kari, `kari-invoices-paid-${inv.company}`);
      }
    });
  });

  describe('Bjørn runs a billing period', () => {
    let period = null;
    let runPath = null;

    before(async () => {
      // The month after the latest one billed or started: no demo invoice
      // has it (the stack is this file's own, so a month ahead is fine).
      const [[latest]] = await stack.call({ op: 'sql', query:
        'SELECT GREATEST(COALESCE((SELECT MAX(period) FROM invoices), \'2000-01\'),' +
        ' COALESCE((SELECT MAX(period) FROM billing_runs), \'2000-01\'))' });
      const [y, m] = latest.split('-').map(Number);
      period = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
    });

    it('previews the period', async () => {
      await clickAndWait(bjorn, adminMenu(bjorn, 'admin.nav.billing'));
      assert.equal(pathOf(bjorn), '/admin/billing');
      assert.equal(await h1(bjorn).innerText(), nb('admin.billing.title'));
      await checkPage(bjorn, 'billing');
      await bjorn.getByLabel(nb('admin.billing.period'), { exact: true }).fill(period);
      await clickAndWait(bjorn, bjorn.getByRole('button', { name: nb('admin.billing.preview.submit'), exact: true }));
      assert.equal(pathOf(bjorn), `/admin/billing?period=${period}`);
      const preview = bjorn.locator('main section.preview');
      assert.ok((await preview.locator('h2').innerText()).includes(period));
      const bitpro = preview.locator('tbody tr').filter({ hasText: 'Bitpro Demo AS' });
      assert.equal(await bitpro.count(), 1);
      await checkPage(bjorn, 'billing-preview');
    });

    it('starts it and follows the run page until it is done', async () => {
      await clickAndWait(bjorn, bjorn.getByRole('button', { name: nb('admin.billing.start'), exact: true }));
      assert.match(pathOf(bjorn), /^\/admin\/billing\/runs\/\d+/);
      runPath = pathOf(bjorn).replace(/\?.*/, '');
      assert.ok((await h1(bjorn).innerText()).includes(period));
      await checkPage(bjorn, 'run-started');
      // Worked by the server's mail child outside the request: the page's
      // refresh link, as a person clicks it, until the run is done.
      const refresh = bjorn.getByRole('link', { name: nb('admin.billing.refresh'), exact: true });
      for (let i = 0; i < 60 && await refresh.count() > 0; i++) {
        await sleep(1000);
        await clickAndWait(bjorn, refresh);
        assert.equal(pathOf(bjorn), runPath);
      }
      assert.equal(await refresh.count(), 0, 'the run ended within a minute');
      assert.equal(squeeze(await bjorn.locator('#run-state').innerText()), nb('admin.billing.state.done'));
      await checkPage(bjorn, 'run-done');
    });

    it('lists the invoices made, and an invoice\'s PDF link gives a PDF', async () => {
      const row = bjorn.locator('main table tbody tr').filter({ hasText: 'Bitpro Demo AS' });
      assert.equal(await row.count(), 1);
      const link = row.getByRole('link', { name: 'PDF' });
      const href = await link.getAttribute('href');
      assert.match(href, /^\/admin\/invoices\/\d+\/invoice\.pdf$/);
      // Chromium downloads a PDF rather than showing it: fetched as the
      // browser does, with Bjørn's cookies.
      const resp = await bjorn.context().request.get(href);
      assert.equal(resp.status(), 200);
      assert.match(resp.headers()['content-type'], /^application\/pdf/);
      assert.equal((await resp.body()).subarray(0, 5).toString(), '%PDF-');
      // And the run is in the billing page's list of runs.
      await clickAndWait(bjorn, bjorn.getByRole('link', { name: nb('admin.billing.back') }));
      const run = bjorn.locator('main table tbody tr').filter({ hasText: period });
      assert.ok(await run.count() >= 1);
      assert.ok(squeeze(await run.first().innerText()).includes(nb('admin.billing.state.done')));
      await checkPage(bjorn, 'billing-after');
    });
  });
});
