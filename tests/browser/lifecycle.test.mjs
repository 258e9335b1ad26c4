// A SIM swap as an administrator makes it, with the links and buttons on
// screen: Kari opens Anne Berg's subscription, follows "swap the SIM
// card", types a new card's ICCID with a wrong check digit (the page says
// so and keeps what she typed), corrects it, and is back on the
// subscription with the confirmation, the new card active and the old one
// blocked, and the swap in the history. Then she shows the new card's PUK
// with its button. Every page is saved as a screenshot and checked with
// axe-core (lib.mjs checkPage).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startStack, launchBrowser, newPage, login, checkPage, clickAndWait, pathOf,
  mainText, t, KARI,
} from './lib.mjs';

const nb = (key) => t('nb', key);

// body with its Luhn check digit.
const luhn = (body) => {
  let sum = 0;
  [...body].reverse().forEach((ch, i) => {
    let d = Number(ch) * (i % 2 ? 1 : 2);
    sum += d > 9 ? d - 9 : d;
  });
  return body + String((10 - (sum % 10)) % 10);
};

describe('a SIM swap', () => {
  let stack, browser, kari;
  const iccid = luhn('894708' + String(Date.now()).slice(-12));
  const wrong = iccid.slice(0, -1) + String((Number(iccid.slice(-1)) + 1) % 10);

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

  it('swaps Anne Berg\'s SIM card and blocks the old one', async () => {
    await kari.goto('/companies/1/subscriptions');
    await clickAndWait(kari, kari.locator('main').getByRole('link', { name: 'Anne Berg' }));
    const sub = pathOf(kari);
    await checkPage(kari, 'subscription-life-box');
    await clickAndWait(kari, kari.getByRole('link', { name: nb('life.sim-swap') }));
    assert.equal(pathOf(kari), `${sub}/sim-swap`);
    await checkPage(kari, 'sim-swap');

    await kari.getByLabel(nb('life.field.iccid')).fill(wrong);
    await clickAndWait(kari, kari.getByRole('button', { name: nb('life.sim-swap.submit') }));
    assert.match(await mainText(kari), new RegExp(nb('error.invalid').replace('.', '\\.')));
    assert.equal(await kari.getByLabel(nb('life.field.iccid')).inputValue(), wrong);
    await checkPage(kari, 'sim-swap-error');

    await kari.getByLabel(nb('life.field.iccid')).fill(iccid);
    await clickAndWait(kari, kari.getByRole('button', { name: nb('life.sim-swap.submit') }));
    assert.equal(pathOf(kari), `${sub}?done=sim-swapped`);
    const text = await mainText(kari);
    assert.ok(text.includes(nb('flash.sim-swapped')), text);
    const cards = kari.locator('ul.sims li');
    assert.match(await cards.filter({ hasText: '8947080012345678901' }).innerText(),
      new RegExp(nb('status.blocked')));
    assert.match(await cards.filter({ hasText: iccid }).innerText(),
      new RegExp(nb('status.active')));
    assert.ok(text.includes(`${nb('life.history.sim-swap')} 8947080012345678901 -> ${iccid}`),
      text);
    await checkPage(kari, 'sim-swapped');

    await clickAndWait(kari, kari.getByRole('button',
      { name: `${nb('life.puk.show')} ${iccid}` }));
    assert.ok((await mainText(kari)).includes(nb('life.puk.none')));
    await checkPage(kari, 'sim-puk');
  });
});
