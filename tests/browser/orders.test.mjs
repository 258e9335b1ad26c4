// A SIM order sent to another address than the company's: Kari picks SIM
// cards and a member, finds the delivery address filled in with the
// company's, changes it to an address in Bergen, gets a postcode that is
// not one back with its error and what she typed, corrects it, sees the
// summary with the new address and the price, approves and sends it: the
// order's page shows it acknowledged, to be sent to Bergen.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startStack, launchBrowser, newPage, login, checkPage, clickAndWait,
  pathOf, mainText, t, KARI,
} from './lib.mjs';

const nb = (key) => t('nb', key);
const SIM = '22';	// SIM-kort, 99.00 NOK in the demo's catalogue

describe('a SIM order to a changed delivery address', () => {
  let stack, browser, page;
  const field = (key) => page.getByLabel(nb(key), { exact: true });

  before(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    page = await newPage(browser, stack);
    await login(page, stack, KARI);
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('fills the delivery address in with the company\'s', async () => {
    await page.goto('/companies/1/orders/new');
    assert.notEqual(await field('order.delivery.street').inputValue(), '');
    assert.notEqual(await field('order.delivery.postcode').inputValue(), '');
    await checkPage(page, 'sim-order-new');
  });

  it('gives a bad postcode back with its error and what was typed', async () => {
    await field('order.col.product').selectOption(SIM);
    await field('order.col.quantity').fill('2');
    await field('order.for').selectOption({ index: 1 });
    await field('order.delivery.name').fill('Bitpro AS, lager');
    await field('order.delivery.street').fill('Bryggen 7');
    await field('order.delivery.postcode').fill('12');
    await field('order.delivery.city').fill('Bergen');
    await clickAndWait(page, page.getByRole('button', { name: nb('order.next') }));
    assert.equal(await field('order.delivery.postcode').getAttribute('aria-invalid'), 'true');
    assert.equal(await field('order.delivery.street').inputValue(), 'Bryggen 7');
    assert.equal(await field('order.delivery.city').inputValue(), 'Bergen');
    assert.equal(await field('order.col.product').inputValue(), SIM);
    await checkPage(page, 'sim-order-bad-postcode');
  });

  it('shows the summary with the new address and the price', async () => {
    await field('order.delivery.postcode').fill('5003');
    await clickAndWait(page, page.getByRole('button', { name: nb('order.next') }));
    const text = await mainText(page);
    assert.match(text, /Bryggen 7/);
    assert.match(text, /5003/);
    assert.match(text, /Bergen/);
    assert.match(text, /198,00/);	// 2 × 99.00, before VAT
    await checkPage(page, 'sim-order-summary');
  });

  it('approves and sends it: the order is to be sent to Bergen', async () => {
    await clickAndWait(page, page.getByRole('button', { name: nb('order.confirm') }));
    assert.match(pathOf(page), /^\/companies\/1\/orders\/\d+\?done=order-placed$/);
    const text = await mainText(page);
    assert.match(text, /Bryggen 7/);
    assert.match(text, /5003 Bergen|5003\s+Bergen/);
    assert.match(text, new RegExp(nb('order.state.acknowledged')));
    await checkPage(page, 'sim-order-placed');
  });
});
