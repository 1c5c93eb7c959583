// The console's end-to-end journey in a real browser: playwright-core driving Debian's chromium
// against a running platform (the gateway serves the console and the API on one origin).
//
//   node console/e2e/journey.mjs http://localhost:8080 [screenshot directory]
//
// Ops signs in, creates and publishes an activity; a merchant signs up, registers an item with a
// fan price, creates a coupon (first with a value the server refuses: its field error shows and
// nothing is created), enables it and binds it to the item; a consumer claims it through the API;
// the ops stock view shows it issued. Prints "console journey: OK" and exits 0, or exits 1 naming
// the step that failed (2 when chromium is missing). Browser-console errors fail the journey.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { chromium } from 'playwright-core';

const base = (process.argv[2] ?? 'http://localhost:8080').replace(/\/$/, '');
const shots = resolve(process.argv[3] ?? 'console-screenshots');
// The browser runs in a zone other than the machine's so the local-time <-> UTC conversion is exercised.
const ZONE = 'Asia/Shanghai';
const CITY = '310000';

function findChromium() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim();
    } catch {
      // try the next name
    }
  }
  return null;
}

const executablePath = findChromium();
if (!executablePath) {
  console.error('console journey: FAILED: chromium is missing (`which chromium` finds nothing). Install Debian\'s chromium package: apt-get install chromium (./promo test installs it).');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });

let step = 'start';
const began = Date.now();
const log = (message) => console.log(`console journey: [${((Date.now() - began) / 1000).toFixed(1)} s] ${message}`);
const go = (name) => {
  step = name;
  log(name);
};

/** A datetime-local value (to the second) for an instant, as a person in the browser's zone would type it. */
function localInput(instant) {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
    .format(instant)
    .replace(' ', 'T');
}

async function api(method, path, token, body, headers = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function devToken(role, sub) {
  const answer = await api('POST', '/console/sign-in/dev', null, { roles: [role], sub });
  if (answer.status !== 200) throw new Error(`development sign-in for ${role} ${sub} answered ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.token;
}

async function until(what, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 500));
  }
}

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, timezoneId: ZONE, locale: 'en-GB' });
const page = await context.newPage();
page.setDefaultTimeout(15_000);
const consoleErrors = [];
page.on('console', (message) => {
  // The browser reports every 4xx answer to fetch as an error line; the journey causes one on purpose.
  if (message.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) {
    consoleErrors.push(message.text());
  }
});
page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
let shot = 0;
const screenshot = async (name) => page.screenshot({ path: join(shots, `${String(++shot).padStart(2, '0')}-${name}.png`), fullPage: true });

async function signIn(role, sub) {
  await page.getByLabel('Role').selectOption(role);
  await page.getByLabel(/^Id/).fill(sub);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
}

async function signOut() {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
}

const field = (label) => page.locator('.field', { has: page.getByLabel(label, { exact: true }) });

try {
  go('the first screen');
  const asked = Date.now();
  await page.goto(`${base}/console/`);
  await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor({ state: 'visible' });
  // performance.now() counts from the navigation's start inside the page (the browser's own clock)
  const inPage = Math.round(await page.evaluate(() => performance.now()));
  log(`first screen usable after ${Date.now() - asked} ms (navigation to a sign-in button that accepts input; ${inPage} ms by the page's clock)`);
  await screenshot('sign-in');

  go('ops signs in with the keyboard alone and sees the activities');
  await page.getByLabel('Role').focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('1');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
  await page.getByRole('heading', { name: 'Activities', exact: true }).waitFor();
  await screenshot('ops-activities');

  go('ops creates an activity');
  const now = Math.floor(Date.now() / 1000) * 1000;
  const applyStart = new Date(now - 60_000);
  // sign-up stays open 60 s (the merchant's steps take about 20), then the activity runs for a week
  const running = new Date(now + 60_000);
  const end = new Date(running.getTime() + 7 * 24 * 3600_000);
  const title = `Console week ${randomUUID().slice(0, 8)}`;
  await page.getByRole('link', { name: 'New activity', exact: true }).click();
  await page.getByLabel('Title', { exact: true }).fill(title);
  await page.getByLabel('Description').fill('Created by the console journey');
  await page.getByLabel('Kind').selectOption('COUPON');
  await page.getByLabel('City ids').fill(CITY);
  await page.getByRole('checkbox', { name: 'AMOUNT_OFF', exact: true }).check();
  await page.getByLabel('Lowest coupon value').fill('10.00');
  await page.getByLabel('Highest coupon value').fill('500.00');
  await page.getByLabel('Sign-up opens').fill(localInput(applyStart));
  await page.getByLabel('Sign-up closes').fill(localInput(running));
  await page.getByLabel('Activity starts').fill(localInput(running));
  await page.getByLabel('Activity ends').fill(localInput(end));
  await screenshot('ops-new-activity');
  await page.getByRole('button', { name: 'Create activity', exact: true }).click();
  await page.waitForURL(/\/console\/ops\/activities\/\d+$/);
  const activityId = page.url().split('/').pop();
  await page.getByTestId('activity-status').filter({ hasText: 'DRAFT' }).waitFor();
  const opsToken = await devToken('OPS', '1');
  const stored = await api('GET', `/ops/activities/${activityId}`, opsToken);
  if (stored.body.applyEndTime !== running.toISOString().replace('.000Z', 'Z') || stored.body.valueUpperLimit !== 50000) {
    throw new Error(`the activity was stored with other times or values than typed: ${JSON.stringify(stored.body)}`);
  }
  await screenshot('ops-activity-draft');

  go(`ops publishes activity ${activityId}`);
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await page.getByRole('button', { name: 'Yes, publish', exact: true }).click();
  await page.getByTestId('activity-status').filter({ hasText: 'SIGNUP_OPEN' }).waitFor();
  await screenshot('ops-activity-published');
  await signOut();

  const seller = String(1_000_000_000 + Math.floor(Math.random() * 8_000_000_000));
  const itemId = String(1_000_000_000_000 + Math.floor(Math.random() * 8_000_000_000_000));
  go(`merchant ${seller} signs up`);
  await signIn('MERCHANT', seller);
  await page.getByRole('link', { name: 'Open activities', exact: true }).click();
  const signUp = page.getByRole('button', { name: `Sign up to ${title}` });
  const signedUp = page.getByRole('row', { name: new RegExp(title) }).getByRole('link', { name: /Signed up/ });
  await until(
    'the sign-up (coupon-service hears of the activity by its event)',
    async () => {
      if (await signedUp.isVisible()) return true;
      if (await signUp.isVisible()) await signUp.click();
      else await page.getByRole('link', { name: 'Open activities', exact: true }).click();
      await page.waitForTimeout(700);
      return signedUp.isVisible();
    },
    30_000,
  );
  await screenshot('merchant-open-activities');

  go(`merchant registers item ${itemId} with a fan price`);
  await page.getByRole('link', { name: 'Items', exact: true }).click();
  await page.getByLabel('Item id').fill(itemId);
  await page.getByLabel('Item title').fill('Loft by the river');
  await page.getByLabel('City id').fill(CITY);
  await page.getByLabel('List price').fill('3000.00');
  await page.getByLabel('Price unit').selectOption('MONTHLY');
  await page.getByLabel('Deposit').fill('500.00');
  await page.getByRole('button', { name: 'Save item', exact: true }).click();
  await page.waitForURL(new RegExp(`/console/merchant/items/${itemId}$`));
  await page.getByRole('textbox', { name: /Fan price/ }).fill('2700.00');
  await page.getByRole('button', { name: 'Set fan price', exact: true }).click();
  await page.getByRole('cell', { name: '2700.00', exact: true }).waitFor();
  await screenshot('merchant-item-fan-price');

  go('merchant creates a coupon with a value over the activity limit: the server refuses it on the field');
  await page.getByRole('link', { name: 'Open activities', exact: true }).click();
  await signedUp.click();
  await page.getByLabel('City id').fill(CITY);
  await page.getByLabel('Title', { exact: true }).fill('200 off the first month');
  await page.getByLabel('Type').selectOption('AMOUNT_OFF');
  await page.getByLabel('Amount off').fill('600.00');
  await page.getByLabel('Total stock').fill('100');
  await page.getByLabel('Per-user limit').fill('1');
  await page.getByLabel('Validity').selectOption('FLOATING');
  await page.getByLabel('Valid for days after the claim').fill('30');
  await page.getByRole('button', { name: 'Create template', exact: true }).click();
  const amountError = field('Amount off').locator('.error');
  await amountError.waitFor();
  log(`the server's field error under "Amount off": ${await amountError.textContent()}`);
  await screenshot('merchant-template-server-error');
  const merchantToken = await devToken('MERCHANT', seller);
  const none = await api('GET', `/merchant/coupon-templates?activityId=${activityId}`, merchantToken);
  if (none.status !== 200 || none.body.total !== 0) throw new Error(`the refused form created something: ${JSON.stringify(none.body)}`);

  go('merchant corrects the value, creates and enables the coupon');
  await page.getByLabel('Amount off').fill('200.00');
  await page.getByRole('button', { name: 'Create template', exact: true }).click();
  await page.waitForURL(/\/console\/merchant\/templates\/\d+$/);
  const templateId = page.url().split('/').pop();
  await page.getByRole('button', { name: 'Enable', exact: true }).click();
  await page.getByRole('button', { name: 'Yes, enable', exact: true }).click();
  await page.getByTestId('template-status').filter({ hasText: 'ENABLED' }).waitFor();

  go(`merchant binds coupon ${templateId} to item ${itemId}`);
  const boundRow = page.getByRole('row', { name: new RegExp(`^${itemId}`) });
  await until(
    'the binding (coupon-service hears of the item by its event)',
    async () => {
      if (await boundRow.isVisible()) return true;
      await page.getByLabel('Listing ids to bind').fill(itemId);
      await page.getByRole('button', { name: 'Bind', exact: true }).click();
      await page.getByRole('status').filter({ hasText: /Bound:/ }).waitFor();
      // the bindings list reloads after the answer
      return boundRow.waitFor({ timeout: 3000 }).then(() => true, () => false);
    },
    30_000,
  );
  await boundRow.filter({ hasText: '1 of 3' }).waitFor();
  await screenshot('merchant-template-bound');
  await page.getByRole('link', { name: 'Coupons', exact: true }).click();
  await page.getByRole('link', { name: '200 off the first month', exact: true }).waitFor();
  await screenshot('merchant-templates');
  await signOut();

  const consumer = String(1_000_000_000 + Math.floor(Math.random() * 8_000_000_000));
  go(`consumer ${consumer} claims coupon ${templateId} through the API once the activity runs`);
  await until(`activity ${activityId} RUNNING (at ${running.toISOString()})`, async () => (await api('GET', `/api/activities/${activityId}`)).body?.status === 'RUNNING', 150_000);
  await until('claim-service to know the template', async () => (await api('GET', `/ops/coupon-templates/${templateId}/stock`, opsToken)).status === 200, 60_000);
  const consumerToken = await devToken('CONSUMER', consumer);
  const claim = await api('POST', `/api/coupon-templates/${templateId}/claims`, consumerToken, null, { 'Idempotency-Key': randomUUID() });
  if (claim.status !== 201) throw new Error(`the claim answered ${claim.status} ${JSON.stringify(claim.body)}`);
  await until('the claim ISSUED', async () => (await api('GET', `/api/claims/${claim.body.claimId}`, consumerToken)).body?.status === 'ISSUED', 60_000);

  go('ops sees the coupon issued in the live stock view');
  await signIn('OPS', '1');
  await page.getByRole('link', { name: 'Templates', exact: true }).click();
  await page.getByLabel('Template id').fill(templateId);
  await page.getByRole('button', { name: 'Show stock', exact: true }).click();
  await page.getByTestId('stock-issued').filter({ hasText: /^1$/ }).waitFor({ timeout: 30_000 });
  await page.getByTestId('stock-remaining').filter({ hasText: /^99$/ }).waitFor();
  await page.getByRole('button', { name: 'Reconcile now', exact: true }).click();
  await page.getByRole('heading', { name: 'Drift report', exact: true }).waitFor();
  await screenshot('ops-template-stock');

  go('ops opens the remaining screens');
  await page.getByRole('link', { name: 'Templates', exact: true }).click();
  await page.getByRole('link', { name: '200 off the first month', exact: true }).first().waitFor();
  await screenshot('ops-templates');
  await page.getByRole('link', { name: 'Crowd sync', exact: true }).click();
  await page.getByRole('heading', { name: 'Recent batches', exact: true }).waitFor();
  await screenshot('ops-crowd-sync');
  await page.getByRole('link', { name: 'Flash sales', exact: true }).click();
  await page.getByLabel('Sale (template id)').fill(templateId);
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.getByRole('heading', { name: 'Settlement file', exact: true }).waitFor();
  await screenshot('ops-flash-sales');
  await page.setViewportSize({ width: 800, height: 1100 });
  await page.getByRole('link', { name: 'Activities', exact: true }).click();
  await page.getByRole('link', { name: title }).waitFor();
  await screenshot('ops-activities-tablet');

  if (consoleErrors.length > 0) {
    step = 'the browser console';
    throw new Error(`errors in the browser console:\n  ${consoleErrors.join('\n  ')}`);
  }
  log(`${shot} screenshots in ${shots}`);
  console.log(`console journey: OK (activity ${activityId}, template ${templateId}, item ${itemId})`);
  await browser.close();
} catch (error) {
  await page.screenshot({ path: join(shots, 'failure.png'), fullPage: true }).catch(() => {});
  console.error(`console journey: FAILED at "${step}": ${error instanceof Error ? error.message : error}`);
  if (consoleErrors.length > 0) console.error(`browser console errors:\n  ${consoleErrors.join('\n  ')}`);
  await browser.close();
  process.exit(1);
}
