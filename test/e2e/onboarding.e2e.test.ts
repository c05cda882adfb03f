/**
 * `/partner-onboarding` in Chromium: the five steps through to the key and secret, which then work
 * against `/api/partner/auth`; "send test" reaches a real receiver and shows its answer; Back and Next
 * keep what was typed; the API's errors appear beside their field; axe-core on every step.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, listeningHub, newContext, screenshot, type ListeningHub } from '../helpers/browser.js';
import { uid } from '../helpers/factories.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';

let browser: Browser;
let hub: ListeningHub;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver(() => ({ status: 200, body: '{"received":true}', headers: { 'content-type': 'application/json' } }));
  // The receiver is on loopback: allowed here as in a local development hub.
  hub = await listeningHub({ env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' } });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await hub?.close();
  await receiver?.close();
});

async function companyStep(page: Page, name: string, email: string) {
  await page.getByLabel('Company name').fill(name);
  await page.getByLabel('Contact email').fill(email);
  await page.getByLabel('Industry (optional)').fill('Courier');
}

describe('/partner-onboarding in Chromium', () => {
  it('walks the five steps, tests the webhook, activates, and the shown credentials get a token', async () => {
    const context = await newContext(browser, { viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${hub.url}/partner-onboarding`);

    // 1. Welcome
    await page.getByRole('heading', { name: 'Step 1 of 5: Welcome' }).waitFor();
    await expectAccessible(page, 'wizard: welcome');
    await screenshot(page, 'onboarding-1-welcome');
    await page.getByRole('button', { name: 'Get started →' }).click();

    // 2. Company info, validated as it is typed
    await page.getByRole('heading', { name: 'Step 2 of 5: Company info' }).waitFor();
    await page.getByLabel('Contact email').fill('not-an-email');
    await page.getByText('This is not an email address').waitFor();
    expect(await page.getByLabel('Contact email').getAttribute('aria-invalid')).toBe('true');
    const name = `Wizard Co ${uid()}`;
    const email = `wizard-${uid()}@example.com`;
    await companyStep(page, name, email);
    expect(await page.getByText('This is not an email address').count()).toBe(0);
    await expectAccessible(page, 'wizard: company');
    await page.getByRole('button', { name: 'Next →' }).click();

    // 3. Tier, limits side by side
    await page.getByRole('heading', { name: 'Step 3 of 5: Tier' }).waitFor();
    await page.getByText('500 / minute').waitFor();
    await page.getByRole('radio', { name: /Professional/ }).check();
    await expectAccessible(page, 'wizard: tier');
    await screenshot(page, 'onboarding-3-tier');
    // Back keeps what was typed.
    await page.getByRole('button', { name: '← Back' }).click();
    expect(await page.getByLabel('Company name').inputValue()).toBe(name);
    await page.getByRole('button', { name: 'Next →' }).click();
    expect(await page.getByRole('radio', { name: /Professional/ }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Next →' }).click();

    // 4. Webhooks: one URL, its events, and a test that reaches the receiver
    await page.getByRole('heading', { name: 'Step 4 of 5: Webhooks' }).waitFor();
    await page.getByRole('button', { name: '+ Add a webhook' }).click();
    await page.getByLabel('URL').fill(`${receiver.url}/hooks/fastforward`);
    await page.getByRole('checkbox', { name: 'shipment.created' }).check();
    await page.getByRole('button', { name: 'Send test' }).click();
    await page.getByText(/Your endpoint answered HTTP 200 in \d+ ms/).waitFor();
    await page.getByText('{"received":true}').waitFor();
    const test = receiver.received.find((r) => r.body.includes('webhook.test'));
    expect(test?.headers['webhook-signature']).toMatch(/^v1,/);
    expect(JSON.parse(test!.body).event).toBe('webhook.test');
    await expectAccessible(page, 'wizard: webhooks');
    await screenshot(page, 'onboarding-4-webhooks');
    await page.getByRole('button', { name: 'Next →' }).click();

    // 5. Activation: the key and the secret, once
    await page.getByRole('heading', { name: 'Step 5 of 5: Activation' }).waitFor();
    await page.getByRole('button', { name: 'Activate' }).click();
    await page.getByRole('heading', { name: `✓ ${name} is active` }).waitFor();
    await page.getByText('it is shown only here').waitFor();
    const apiKey = (await page.getByTestId('api-key').textContent())!;
    const secret = (await page.getByTestId('api-secret').textContent())!;
    expect(apiKey).toMatch(/^ff_/);
    expect(await page.getByTestId('webhook-secret').textContent()).toMatch(/^whsec_/);
    expect(await page.getByTestId('curl').textContent()).toContain(`"apiKey":"${apiKey}"`);
    await expectAccessible(page, 'wizard: activated');
    await screenshot(page, 'onboarding-5-activated');

    const auth = await fetch(`${hub.url}/api/partner/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiKey, secret }),
    });
    expect(auth.status).toBe(200);
    const { company } = (await auth.json()) as { company: { name: string; tier: string } };
    expect(company).toMatchObject({ name, tier: 'professional' });
    await context.close();
  });

  it("shows the API's refusal beside its field: an email already taken sends the wizard back to it", async () => {
    const email = `taken-${uid()}@example.com`;
    const first = await fetch(`${hub.url}/api/partner/onboarding`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.9.9.9' },
      body: JSON.stringify({ company: { name: 'First', email }, tier: 'starter' }),
    });
    expect(first.status).toBe(201);

    const context = await newContext(browser, { viewport: { width: 390, height: 800 }, isMobile: true });
    const page = await context.newPage();
    await page.goto(`${hub.url}/partner-onboarding`);
    await page.getByRole('button', { name: 'Get started →' }).click();
    await companyStep(page, 'Second', email);
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Next →' }).click();
    await page.getByRole('button', { name: 'Activate' }).click();
    await page.getByRole('heading', { name: 'Step 2 of 5: Company info' }).waitFor();
    const error = page.locator('#email-error');
    await error.getByText('A company with this email is already registered.').waitFor();
    expect(await page.getByLabel('Contact email').getAttribute('aria-describedby')).toContain('email-error');
    await expectAccessible(page, 'wizard: refused email (phone)');
    await context.close();
  });
});
