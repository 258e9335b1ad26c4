// The demo employee's walk, with the links and buttons on screen: Anne
// Berg (an employee of Bitpro Demo AS) logs in with the mailed code, opens
// her subscription, follows the phone check, presses "Send engangskode på
// SMS", types the code of the SMS that arrives (the stack's SMS gateway
// writes each SMS to a file), presses "Bekreft telefonnummer", and orders
// "Ekstra Data 15 GB" from the self-service box: the confirmation says
// what it costs her, OK makes the order, which she then follows. Every page
// is saved as a screenshot and checked with axe-core (lib.mjs checkPage).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  startStack, launchBrowser, newPage, login, checkPage, clickAndWait, pathOf,
  mainText, t,
} from './lib.mjs';

const nb = (key) => t('nb', key);
const ANNE = 'anne.berg@example.no';
const ANNE_PHONE = '+4791000005';

// The SMS files to a number, as conf/demo/sms-to-dir writes them.
const smsTo = (dir, number) => {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.sms')).sort()
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
    .filter((text) => text.startsWith(`To: ${number}\n\n`));
};

// The code of the first SMS to number after the `before` first ones.
const smsCode = async (dir, number, before) => {
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    const all = smsTo(dir, number);
    if (all.length > before) {
      const m = all[before].match(/\b\d{8}\b/);
      assert.ok(m, all[before]);
      return m[0];
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no SMS to ${number} within 30 s`);
};

describe('an employee confirms the phone and orders from the box', () => {
  let stack, browser, anne, sms;

  before(async () => {
    stack = await startStack();
    sms = path.join(stack.dir, 'sms');
    browser = await launchBrowser();
    anne = await newPage(browser, stack);
    await login(anne, stack, ANNE);
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('opens her own subscription only', async () => {
    await anne.goto('/companies/1/me');
    assert.equal(await anne.locator('h1').innerText(), nb('employee.title'));
    const text = await mainText(anne);
    assert.match(text, /TSN-75607001/);
    // Her colleagues' subscriptions are not hers to see.
    assert.ok(!text.includes('TSN-75607002') && !text.includes('TSN-75607003'), text);
    await checkPage(anne, 'employee-me');
    await clickAndWait(anne, anne.locator('main').getByRole('link', { name: /TSN-75607001/ }));
    assert.equal(pathOf(anne), '/companies/1/me/subscriptions/6');
    const box = await mainText(anne);
    assert.match(box, /Bedrift Total C \(10 GB\)/);
    assert.ok(box.includes(nb('selfservice.verify-first')), box);
    // No order before the number is confirmed.
    assert.equal(await anne.locator('main a[href*="/order/"]').count(), 0);
    await checkPage(anne, 'employee-subscription-unconfirmed');
  });

  it('confirms her phone number with the code sent by SMS', async () => {
    // The notice's link (the box says the same under its services).
    await clickAndWait(anne, anne.locator('main').getByRole('link', { name: nb('employee.phone.go') }).first());
    assert.equal(pathOf(anne), '/companies/1/me/phone');
    assert.match(await mainText(anne), /\+4791000005/);
    await checkPage(anne, 'employee-phone');
    const before = smsTo(sms, ANNE_PHONE).length;
    await clickAndWait(anne, anne.getByRole('button', { name: nb('employee.phone.send') }));
    assert.equal(pathOf(anne), '/companies/1/me/phone?done=phone-code-sent');
    const code = await smsCode(sms, ANNE_PHONE, before);
    await checkPage(anne, 'employee-phone-code-sent');
    await anne.getByLabel(nb('employee.phone.code')).fill(code);
    await clickAndWait(anne, anne.getByRole('button', { name: nb('employee.phone.confirm') }));
    const text = await mainText(anne);
    assert.ok(text.includes(nb('employee.phone.confirmed')), text);
    assert.match(text, /\+4791000005/);
    await checkPage(anne, 'employee-phone-confirmed');
  });

  it('orders Ekstra Data 15 GB from the box and follows the order', async () => {
    await anne.goto('/companies/1/me/subscriptions/6');
    const row = anne.locator('main tr', { hasText: 'Ekstra Data 15 GB' });
    assert.match(await row.innerText(), /Dette medfører lønnstrekk: 99,00 kr per måned/);
    await checkPage(anne, 'employee-box');
    await clickAndWait(anne, row.getByRole('link', { name: nb('selfservice.order') }));
    assert.match(pathOf(anne), /^\/companies\/1\/me\/subscriptions\/6\/order\/\d+$/);
    const confirm = await mainText(anne);
    assert.match(confirm, /Ekstra Data 15 GB/);
    assert.match(confirm, /TSN-75607001/);
    assert.match(confirm, /Dette medfører lønnstrekk: 99,00 kr per måned/);
    assert.match(confirm, /Ekstra data betaler du selv, som lønnstrekk\./);
    await checkPage(anne, 'employee-order-confirm');
    await clickAndWait(anne, anne.getByRole('button', { name: nb('selfservice.confirm.ok') }));
    assert.match(pathOf(anne), /^\/companies\/1\/me\/orders\/\d+\?done=selfservice-ordered$/);
    const order = await mainText(anne);
    assert.ok(order.includes(nb('flash.selfservice-ordered')), order);
    assert.match(order, /Ekstra Data 15 GB/);
    assert.ok(order.includes(nb('selfservice.state.acknowledged')), order);
    await checkPage(anne, 'employee-order');
    // The box lists it among her orders.
    await anne.goto('/companies/1/me/subscriptions/6');
    const mine = anne.locator('main ul.ss-orders');
    assert.match(await mine.innerText(), /Ekstra Data 15 GB/);
    const [count] = await stack.call({ op: 'sql', query:
      "SELECT COUNT(*) FROM orders o JOIN users u ON u.id = o.ordered_by"
      + " WHERE u.email = 'anne.berg@example.no' AND o.company_id = 1" });
    assert.equal(count[0], '1');
  });
});
