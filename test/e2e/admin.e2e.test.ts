/**
 * `/admin/integrations` in Chromium: sign in (session cookie), live overview cards, Run Auto-Balance and
 * its report, revoke a key from Keys and see the partner's next call refused, analytics, carriers,
 * webhooks and alerts tabs; axe-core on each; a screenshot of each.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, listeningHub, newContext, screenshot, type ListeningHub } from '../helpers/browser.js';
import { newPartner, newShipment, uid, type TestPartner } from '../helpers/factories.js';

let browser: Browser;
let hub: ListeningHub;
let quick: TestPartner;
let express: TestPartner;
const email = `admin-${uid()}@example.com`;
const password = 'correct horse battery';

beforeAll(async () => {
  hub = await listeningHub();
  await hub.services.admin.createAdmin(email, password);
  quick = await newPartner(hub.app, { tier: 'professional', name: `QuickShip ${uid()}` });
  express = await newPartner(hub.app, { tier: 'starter', name: `Express ${uid()}` });
  // Pending shipments for the balance engine to distribute.
  for (let i = 0; i < 4; i++) await newShipment(hub.app, express);
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

/**
 * The browser signs in from 127.0.0.1, whose login budget (20 a minute per address) every test file
 * shares through Redis: one attempt per test, and the wrong password only in the first.
 */
async function signIn(page: Page, opts: { wrongFirst?: boolean } = {}) {
  await page.goto(`${hub.url}/admin/integrations`);
  await page.getByRole('heading', { name: 'Admin sign-in' }).waitFor();
  await page.getByLabel('Email').fill(email);
  if (opts.wrongFirst) {
    await expectAccessible(page, 'admin sign-in');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Wrong email or password.').waitFor();
  }
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: /Integrations/ }).waitFor();
}

describe('/admin/integrations in Chromium', () => {
  it('signs in with a session cookie the page cannot read, and shows live overview cards', async () => {
    const context = await newContext(browser, { viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, { wrongFirst: true });
    const cookie = (await context.cookies()).find((c) => c.name === 'ff_admin_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/admin' });
    expect(await page.evaluate<string>('document.cookie')).not.toContain('ff_admin_session');

    await page.getByText('● Live').waitFor();
    const active = page.getByTestId('card-active-shipments');
    const before = Number((await active.textContent())!.replace(/,/g, ''));
    await newShipment(hub.app, quick);
    // Pushed by the server-sent events stream, no reload.
    await expect.poll(async () => Number((await active.textContent())!.replace(/,/g, '')), { timeout: 15_000 }).toBe(before + 1);
    await expectAccessible(page, 'admin overview');
    await screenshot(page, 'admin-overview');
    await context.close();
  });

  it('runs auto-balance and shows the report', async () => {
    const context = await newContext(browser, { viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page);
    await page.getByRole('tab', { name: 'AI Balance' }).click();
    await page.getByRole('heading', { name: 'Load distribution' }).waitFor();
    await page.getByRole('img', { name: 'Active shipments and capacity per company' }).waitFor();
    await page.getByRole('button', { name: 'Run Auto-Balance' }).click();
    await page.getByRole('heading', { name: '✓ Auto-balance report' }).waitFor();
    expect(Number(await page.getByTestId('report-distributed').textContent())).toBeGreaterThanOrEqual(4);
    await expectAccessible(page, 'admin AI balance');
    await screenshot(page, 'admin-balance');
    await context.close();
  });

  it("revokes a key from the Keys action, and the partner's next call is refused", async () => {
    expect((await hub.app.inject({ method: 'GET', url: '/api/partner/me', headers: quick.headers })).statusCode).toBe(200);
    const context = await newContext(browser, { viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page);
    await page.getByRole('tab', { name: 'Companies' }).click();
    await page.getByRole('button', { name: `Keys ${quick.name}` }).click();
    await page.getByRole('heading', { name: `Keys: ${quick.name}` }).waitFor();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: /^Revoke key / }).click();
    await page.getByText(/✕ Revoked/).waitFor();
    await expectAccessible(page, 'admin company keys');
    await screenshot(page, 'admin-companies-keys');

    const refused = await hub.app.inject({ method: 'GET', url: '/api/partner/me', headers: quick.headers });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('API_KEY_REVOKED');

    await page.getByRole('button', { name: `Analytics ${quick.name}` }).click();
    await page.getByRole('img', { name: /Shipments created and delivered per day/ }).waitFor();
    await page.getByTestId('on-time').waitFor();
    await expectAccessible(page, 'admin company analytics');
    await screenshot(page, 'admin-companies-analytics');
    await context.close();
  });

  it("edits a company's limits, with problems shown beside their field", async () => {
    const context = await newContext(browser, { viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page);
    await page.getByRole('tab', { name: 'Companies' }).click();
    await page.getByRole('button', { name: `Edit ${express.name}` }).click();
    await page.getByLabel('Capacity (active shipments)').fill('lots');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('#edit-capacity-error').getByText('A whole number.').waitFor();
    await page.getByLabel('Capacity (active shipments)').fill('2500');
    await page.getByLabel('Monthly quota').fill('');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator(`tr[data-company="${express.name}"]`).getByText('/ 2,500').waitFor();
    const company = (
      await hub.app.inject({
        method: 'GET',
        url: `/api/admin/companies/${express.companyId}`,
        headers: { authorization: `Bearer ${(await hub.services.admin.login(email, password, { ip: '10.0.0.1', userAgent: undefined })).token}` },
      })
    ).json();
    expect(company).toMatchObject({ capacity: 2500, monthlyQuota: null });
    await context.close();
  });

  it('shows the carriers, webhooks and alerts tabs, reachable by keyboard', async () => {
    const context = await newContext(browser, { viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page);
    await page.getByRole('tab', { name: 'Overview' }).focus();
    for (const [tab, check] of [
      ['Companies', () => page.getByRole('columnheader', { name: 'Shipments / capacity' })],
      ['AI Balance', () => page.getByRole('button', { name: 'Run Auto-Balance' })],
      ['Carriers', () => page.getByRole('rowheader', { name: /JNE/ })],
      ['Webhooks', () => page.getByLabel('Show')],
      ['Alerts', () => page.getByRole('tabpanel')],
    ] as const) {
      await page.keyboard.press('ArrowRight');
      expect(await page.getByRole('tab', { name: new RegExp(`^${tab}`) }).getAttribute('aria-selected')).toBe('true');
      await check().first().waitFor();
      await expectAccessible(page, `admin ${tab}`);
      if (tab !== 'Companies' && tab !== 'AI Balance') await screenshot(page, `admin-${tab.toLowerCase()}`);
    }
    await context.close();
  });

  it('fits a phone-sized screen', async () => {
    const context = await newContext(browser, { viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await context.newPage();
    await signIn(page);
    await page.getByTestId('card-connected-companies').waitFor();
    await screenshot(page, 'admin-phone');
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(1);
    await expectAccessible(page, 'admin overview (phone)');
    await context.close();
  });
});
