/**
 * The dashboard's client: the shared typed client, signed in by the session cookie, sending the
 * session's CSRF token on every change (the hub refuses cookie-signed changes without it).
 */
import { createFastForwardClient, type operations } from '../../../src/client/index.js';

let csrf: string | null = null;
export const setCsrf = (token: string | null) => {
  csrf = token;
};

export const admin = createFastForwardClient({ baseUrl: window.location.origin, credentials: 'same-origin' });
admin.use({
  onRequest({ request }) {
    if (csrf && !['GET', 'HEAD', 'OPTIONS'].includes(request.method)) request.headers.set('x-csrf-token', csrf);
    return request;
  },
});

type Json<O extends keyof operations, S extends number = 200> =
  operations[O]['responses'] extends Record<S, { content: { 'application/json': infer T } }> ? T : never;
export type Overview = Json<'adminGetOverview'>;
export type CompanyList = Json<'adminListCompanies'>;
export type Company = CompanyList['data'][number];
export type BalanceStatus = Json<'adminGetBalanceStatus'>;
export type BalanceReport = Json<'adminRunBalance'>;
export type Carriers = Json<'adminGetCarriers'>;
export type WebhookList = Json<'adminListWebhooks'>;
export type WebhookLogs = Json<'adminListWebhookLogs'>;
export type Alerts = Json<'adminListAlerts'>;
export type Analytics = Json<'adminGetCompanyAnalytics'>;
export type ApiKeys = Json<'adminListCompanyKeys'>;
export type NewKey = Json<'adminIssueCompanyKey', 201>;
