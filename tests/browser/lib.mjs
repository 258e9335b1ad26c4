// Helpers of the browser tests: the private stack (stack_server.py, which
// runs tests/http/stack.py), Chromium through playwright-core, login with
// the code from the delivered mail, a screenshot and an axe-core check of
// every page.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
export const TOP = path.resolve(HERE, '..', '..');

export const KARI = 'kari.nordmann@example.no';
export const METTE = 'mette.jensen@example.dk';
// The back office's administrator of the demo data (every role).
export const OLA = 'ola.drift@operator.example.no';

// Screenshots and axe reports of this run: $BROWSER_OUT, else out/ here.
export const OUT = path.resolve(process.env.BROWSER_OUT || path.join(HERE, 'out'));

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps trying to reach
// Google's services, which a closed network answers with time-outs.
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

// -- the stack -------------------------------------------------------

// Starts tests/http/stack.py's Stack (nginx only) in a child process;
// resolves once it answers, with {base, mail, dir, call(op), stop()}.
export async function startStack() {
  const child = spawn('/usr/bin/python3', [path.join(HERE, 'stack_server.py')], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
  });
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  const early = [];
  let exited = null;
  lines.on('line', (line) => {
    const w = waiting.shift();
    if (w) w.resolve(line); else early.push(line);
  });
  child.on('exit', (code, signal) => {
    exited = { code, signal };
    for (const w of waiting.splice(0)) {
      w.reject(new Error(`stack_server.py exited (${code ?? signal})`));
    }
  });
  const nextLine = () => {
    if (early.length) return Promise.resolve(early.shift());
    if (exited) return Promise.reject(new Error(`stack_server.py exited (${exited.code ?? exited.signal})`));
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  };
  const info = JSON.parse(await nextLine());
  if (info.error) throw new Error(`the test stack did not start: ${info.error}`);

  let queue = Promise.resolve();
  const call = (req) => {
    // One request at a time: answers come back in order.
    const p = queue.then(async () => {
      child.stdin.write(JSON.stringify(req) + '\n');
      const out = JSON.parse(await nextLine());
      if (out.error) throw new Error(`stack ${req.op}: ${out.error}`);
      return out.ok;
    });
    queue = p.catch(() => {});
    return p;
  };
  const stop = () => new Promise((resolve) => {
    if (exited) return resolve();
    child.once('exit', () => resolve());
    child.stdin.end();            // the server stops the stack at end of input
    const t = setTimeout(() => child.kill('SIGTERM'), 60000);
    t.unref();
  });
  return { ...info, call, stop };
}

// -- the browser -----------------------------------------------------

export async function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

// A fresh browser profile (cookies) on the stack: a person at a desk.
export async function newPage(browser, stack, options = {}) {
  const context = await browser.newContext({
    baseURL: stack.base,
    viewport: { width: 1280, height: 800 },
    locale: 'nb-NO',
    ...options,
  });
  context.setDefaultTimeout(10000);
  context.setDefaultNavigationTimeout(30000);
  const page = await context.newPage();
  page.noScript = options.javaScriptEnabled === false;
  return page;
}

// Clicks what leads to another page and waits until that page has loaded.
export async function clickAndWait(page, locator) {
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    locator.click(),
  ]);
}

// The path (and query) of the page now shown.
export function pathOf(page) {
  const u = new URL(page.url());
  return u.pathname + u.search;
}

// Logs in as a person does: the e-mail on /login, the code from the mail
// that arrives, on /login/code. Ends on /companies.
export async function login(page, stack, address) {
  await stack.call({ op: 'reset_codes' });   // rate limits of earlier logins
  await page.goto('/login');
  const before = await stack.call({ op: 'count', address });
  await page.locator('input[name=email]').fill(address);
  await clickAndWait(page, page.locator('form[action="/login"] button[type=submit]'));
  assert.equal(pathOf(page), '/login/code');
  const code = await stack.call({ op: 'code', address, after: before });
  assert.match(code, /^\d{8}$/);
  await page.locator('input[name=code]').fill(code);
  await clickAndWait(page, page.locator('form[action="/login/code"] button[type=submit]'));
  assert.equal(pathOf(page), '/companies', 'login ends on the list of companies');
}

// -- the back office ---------------------------------------------------

// RFC 4648 base32 (the key the enrolment page shows) to bytes; blanks and
// padding are ignored, as an authenticator app does.
export function base32Decode(text) {
  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const out = [];
  let bits = 0, value = 0;
  for (const ch of text.toUpperCase().replace(/[\s=]/g, '')) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new Error(`not base32: ${JSON.stringify(text)}`);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

export const TOTP_STEP = 30;

// The time step of now (RFC 6238: Unix seconds / 30).
export function totpStep(ms = Date.now()) {
  return Math.floor(ms / 1000 / TOTP_STEP);
}

// RFC 6238 TOTP of a base32 key for a time step: HMAC-SHA1 of the step as
// 8 bytes big-endian, dynamically truncated (RFC 4226) to 6 digits.
export function totp(secret, step = totpStep()) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Decode(secret)).update(msg).digest();
  const off = mac[mac.length - 1] & 0x0f;
  const n = (mac.readUInt32BE(off) & 0x7fffffff) % 1000000;
  return String(n).padStart(6, '0');
}

// The step each key last gave a code for: the server takes a step once,
// so a second login in the same 30 seconds waits for the next one.
const usedSteps = new Map();

// A TOTP code of a step not used yet for this key, as a person waits for
// the app's next code; the step counts as used from now on.
export async function freshTotp(secret) {
  const last = usedSteps.get(secret) ?? -1;
  let step = totpStep();
  if (step <= last) {
    await sleep((last + 1) * TOTP_STEP * 1000 - Date.now() + 50);
    step = totpStep();
  }
  usedSteps.set(secret, step);
  return totp(secret, step);
}

// The step freshTotp last gave a code of this key for (undefined: none).
export function lastTotpStep(secret) {
  return usedSteps.get(secret);
}

// The back office's login up to the second factor: the address on
// /admin/login, the code from the mail on /admin/login/code. Ends on
// /admin/login/second.
export async function staffCode(page, stack, address) {
  await stack.call({ op: 'reset_codes' });
  await page.goto('/admin/login');
  const before = await stack.call({ op: 'count', address });
  await page.getByLabel(t('nb', 'login.email.label')).fill(address);
  await clickAndWait(page, page.getByRole('button', { name: t('nb', 'login.email.submit') }));
  assert.equal(pathOf(page), '/admin/login/code');
  const code = await stack.call({ op: 'code', address, after: before });
  assert.match(code, /^\d{8}$/);
  await page.getByLabel(t('nb', 'login.code.label')).fill(code);
  await clickAndWait(page, page.getByRole('button', { name: t('nb', 'login.code.submit') }));
  assert.equal(pathOf(page), '/admin/login/second');
}

// The key an enrolment page shows as text.
export async function enrolmentKey(page) {
  const key = (await page.locator('main code.secret').innerText()).trim();
  assert.match(key, /^[A-Z2-7]{16,}$/, 'the key is base32');
  return key;
}

// The ten recovery codes the page after enrolling shows, "12345 67890".
export async function recoveryCodes(page) {
  return (await page.locator('main ol.recovery-codes li').allInnerTexts()).map((s) => s.trim());
}

// Logs in to the back office as a staff member does (in Norwegian): the
// mailed code, then the second factor. Without a key the member enrols:
// the key is read from the enrolment page (as typed into an app) and the
// recovery codes shown are kept. Ends on /admin; returns {secret, recovery}.
export async function staffLogin(page, stack, address, secret = null) {
  await staffCode(page, stack, address);
  let recovery = [];
  const enrolling = secret === null;
  if (enrolling) secret = await enrolmentKey(page);
  const label = t('nb', enrolling ? 'admin.enroll.code' : 'admin.totp.code');
  await page.getByLabel(label).fill(await freshTotp(secret));
  await clickAndWait(page, page.getByRole('button', { name: t('nb', 'login.code.submit') }));
  if (enrolling) {
    assert.equal(pathOf(page), '/admin/login/second');
    recovery = await recoveryCodes(page);
    assert.equal(recovery.length, 10, 'ten recovery codes after enrolling');
    await clickAndWait(page, page.getByRole('link', { name: t('nb', 'admin.recovery.continue') }));
  }
  assert.equal(pathOf(page), '/admin', 'the back office\'s login ends on its home');
  return { secret, recovery };
}

// The back office's menu (header) link of a label key.
export function adminMenu(page, key, lang = 'nb') {
  return page.locator('header nav.main-nav').getByRole('link', { name: t(lang, key), exact: true });
}

// -- checks of every page ----------------------------------------------

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const BLOCKING = new Set(['serious', 'critical']);
let shots = 0;
// Screenshots are named after the test file: walk-03-locations.png.
const PREFIX = path.basename(process.argv[1] || 'run').replace(/(\.test)?\.m?js$/, '');

// Runs axe-core in the page through the DevTools protocol (the page's
// Content-Security-Policy does not apply to it). Without JavaScript the
// page's timers never fire and axe would wait forever: then the same HTML
// is checked in a page with scripts, on the same origin (so the stylesheet
// loads as it did), served by a route.
const copies = new WeakMap();     // browser → context for copies
async function axeRun(page) {
  let target = page;
  if (page.noScript) {
    const html = await page.content();
    const browser = page.context().browser();
    let ctx = copies.get(browser);
    if (!ctx) {
      ctx = await browser.newContext({ viewport: page.viewportSize() });
      copies.set(browser, ctx);
    }
    target = await ctx.newPage();
    const url = new URL('/__axe-copy__', page.url()).href;
    await target.route(url, (route) => route.fulfill({
      contentType: 'text/html; charset=utf-8', body: html,
    }));
    await target.goto(url, { waitUntil: 'load' });
  }
  try {
    await target.evaluate(AXE_SOURCE);
    const r = await target.evaluate(() => window.axe.run(document, {
      resultTypes: ['violations'],
    }));
    return r;
  } finally {
    if (target !== page) await target.close();
  }
}

// Saves a full-page screenshot as OUT/NN-name.png and runs axe-core on the
// page; fails on serious or critical findings (all findings are written to
// OUT/axe/NN-name.json).
export async function checkPage(page, name) {
  await page.waitForLoadState('load');
  const n = String(++shots).padStart(2, '0');
  const tag = `${PREFIX}-${n}-${name}`;
  fs.mkdirSync(path.join(OUT, 'axe'), { recursive: true });
  await page.screenshot({ path: path.join(OUT, `${tag}.png`), fullPage: true });
  const result = await axeRun(page);
  const violations = result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((x) => ({ target: x.target.join(' '), summary: x.failureSummary })),
  }));
  fs.writeFileSync(path.join(OUT, 'axe', `${tag}.json`),
    JSON.stringify({ url: page.url(), violations }, null, 2) + '\n');
  const bad = violations.filter((v) => BLOCKING.has(v.impact));
  assert.deepEqual(bad.map((v) => `${v.impact} ${v.id}: ${v.help} — ` +
    v.nodes.map((x) => x.target).join(', ')), [],
  `axe-core findings on ${page.url()} (${tag})`);
  return violations;
}

// The visible text of the page's main content, spaces squeezed.
export async function mainText(page) {
  const t = await page.locator('main').innerText();
  return t.replace(/\s+/g, ' ');
}

// -- strings -----------------------------------------------------------

const strings = {};
const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

// The string `key` of xsl/i18n/LANG.xml, as the pages print it.
export function t(lang, key) {
  if (!strings[lang]) {
    const xml = fs.readFileSync(path.join(TOP, 'xsl', 'i18n', `${lang}.xml`), 'utf8');
    strings[lang] = {};
    for (const m of xml.matchAll(/<s k="([^"]+)">([^<]*)<\/s>/g)) {
      strings[lang][m[1]] = m[2].replace(/&(#x?[0-9a-fA-F]+|\w+);/g, (_, e) =>
        e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : +e.slice(1))
          : ENTITIES[e]);
    }
  }
  const s = strings[lang][key];
  assert.ok(s !== undefined, `no string ${key} in xsl/i18n/${lang}.xml`);
  return s;
}
