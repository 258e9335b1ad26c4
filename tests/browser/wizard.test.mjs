// The new-subscription wizard in a browser, with JavaScript and with it
// turned off: Kari starts a draft, finds herself by typing her name (a
// search form), picks a plan, gets a bad ported number back with its error
// and what she typed, goes back and forth, keeps the SIM card's address,
// sees the summary with the price and VAT, and confirms: the order's page.
// Nothing in the wizard needs a script.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startStack, launchBrowser, newPage, login, checkPage, clickAndWait,
  pathOf, mainText, t, KARI,
} from './lib.mjs';

const nb = (key) => t('nb', key);

for (const js of [true, false]) {
  describe(`the wizard ${js ? 'with' : 'without'} JavaScript`, () => {
    let stack, browser, page;
    const tag = js ? 'wizard-js' : 'wizard-nojs';
    const next = () => clickAndWait(page, page.getByRole('button', { name: nb('wizard.next') }));

    before(async () => {
      stack = await startStack();
      browser = await launchBrowser();
      page = await newPage(browser, stack, { javaScriptEnabled: js });
      await login(page, stack, KARI);
    });

    after(async () => {
      await browser?.close();
      await stack?.stop();
    });

    it('starts a draft from the menu', async () => {
      await page.goto('/companies/1');
      await clickAndWait(page, page.locator('nav.company-nav')
        .getByRole('link', { name: nb('nav.wizard'), exact: true }));
      assert.equal(pathOf(page), '/companies/1/wizard');
      await checkPage(page, `${tag}-drafts`);
      await clickAndWait(page, page.getByRole('button', { name: nb('wizard.start') }));
      assert.match(pathOf(page), /^\/companies\/1\/wizard\/\d+\/user$/);
    });

    it('finds the user by name and picks a plan', async () => {
      await page.getByLabel(nb('wizard.user.search')).fill('Kari');
      await clickAndWait(page, page.getByRole('button', { name: nb('wizard.user.find') }));
      assert.match(pathOf(page), /\/user\?q=Kari$/);
      await page.getByLabel(nb('wizard.user.member'), { exact: true }).check();
      await page.getByLabel(/Kari Nordmann/).check();
      await checkPage(page, `${tag}-user`);
      await next();
      assert.match(pathOf(page), /\/plan$/);
      await page.getByLabel(/Bedrift Total C \(10 GB\)/).check();
      await next();
      assert.match(pathOf(page), /\/number$/);
    });

    it('gets a bad number back with its error, and what was typed', async () => {
      await page.getByLabel(nb('wizard.number.port'), { exact: true }).check();
      await page.getByLabel(nb('wizard.number.port-number'), { exact: true }).fill('1234');
      await page.getByLabel(nb('wizard.number.donor')).fill('Telia');
      await next();
      assert.equal(await page.locator('main .notice-error').innerText(), nb('error.form'));
      const number = page.getByLabel(nb('wizard.number.port-number'), { exact: true });
      assert.equal(await number.getAttribute('aria-invalid'), 'true');
      assert.equal(await number.inputValue(), '1234');
      assert.equal(await page.getByLabel(nb('wizard.number.donor')).inputValue(), 'Telia');
      await checkPage(page, `${tag}-number-error`);
      await page.getByLabel(nb('wizard.number.new'), { exact: true }).check();
      await next();
      assert.match(pathOf(page), /\/sim$/);
    });

    it('goes back and forth keeping what was chosen', async () => {
      await clickAndWait(page, page.getByRole('button', { name: nb('wizard.back') }));
      assert.match(pathOf(page), /\/number$/);
      assert.ok(await page.getByLabel(nb('wizard.number.new'), { exact: true }).isChecked());
      await next();
      // The SIM card goes to the company's address unless changed.
      assert.notEqual(await page.getByLabel(nb('order.delivery.street')).inputValue(), '');
      await page.getByLabel(nb('wizard.sim.physical')).check();
      await checkPage(page, `${tag}-sim`);
      await next();
      await page.getByRole('textbox', { name: nb('wizard.cost-centre') }).fill('Salg');
      await next();
      assert.match(pathOf(page), /\/summary$/);
    });

    it('shows the summary with VAT and confirms the order', async () => {
      const text = await mainText(page);
      assert.match(text, /Bedrift Total C \(10 GB\)/);
      assert.match(text, /349,00/);
      assert.match(text, /Salg/);
      await checkPage(page, `${tag}-summary`);
      await clickAndWait(page, page.getByRole('button', { name: nb('wizard.confirm') }));
      assert.match(pathOf(page), /^\/companies\/1\/orders\/\d+\?done=order-placed$/);
      assert.match(await mainText(page), new RegExp(nb('wizard.order.title')));
      await checkPage(page, `${tag}-order`);
    });
  });
}
