/**
 * Webhook management for partners and admins: endpoints (URL checked against the SSRF policy,
 * secret created, sealed and shown once), test sends, secret rotation, logs, replay, the admin view
 * and alerts. Delivery itself is the worker's (dispatcher.ts).
 */
import type { Logger } from 'pino';
import type { Config } from '../../config/index.js';
import type { Database } from '../../db/client.js';
import { withTransaction } from '../../db/tx.js';
import { appError } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import { page } from '../../lib/page.js';
import { ensureSecret } from './delivery.repo.js';
import { ROTATION_OVERLAP_MS, type SigningKeys } from './endpoint-secrets.js';
import { createSender, type Sender } from './http-sender.js';
import { messageBody, TEST_EVENT_TYPE, testEventData } from './message-body.js';
import { newMessageId } from './payload.js';
import * as repo from './webhooks.repo.js';
import type { CreateWebhookInput, ReplayInput, UpdateWebhookInput } from './webhooks.schemas.js';
import { buildSignedHeaders, decodeSigningSecret, generateSigningSecret } from './signing.js';
import { validateWebhookUrl } from './ssrf.js';

export const MAX_WEBHOOKS_PER_COMPANY = 20;
/** Most messages one `{since}` replay resends (Svix caps its recover task at 10,000 too). */
export const REPLAY_LIMIT = 10_000;
const RECOVERED_WINDOW_MS = 24 * 3600_000;

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

export function endpointStatus(r: repo.EndpointRow, now: Date, recoveredWindowMs = RECOVERED_WINDOW_MS): repo.EndpointStatus {
  if (!r.enabled) return 'disabled';
  if (r.consecutiveFailures > 0) return 'failing';
  if (r.recoveredAt && now.getTime() - r.recoveredAt.getTime() < recoveredWindowMs) return 'recovered';
  return 'healthy';
}

/** The API's view of an endpoint: never a secret, sealed or not. */
export function presentEndpoint(r: repo.EndpointRow, now = new Date(), recoveredWindowMs?: number) {
  const rotationOpen = r.previousSecretExpiresAt && r.previousSecretExpiresAt.getTime() > now.getTime();
  return {
    id: r.id,
    url: r.url,
    description: r.description,
    events: r.events,
    enabled: r.enabled,
    status: endpointStatus(r, now, recoveredWindowMs),
    disabledReason: r.disabledReason,
    disabledAt: iso(r.disabledAt),
    secretRotationEndsAt: rotationOpen ? iso(r.previousSecretExpiresAt) : null,
    stats: {
      successCount: r.successCount,
      failureCount: r.failureCount,
      consecutiveFailures: r.consecutiveFailures,
      lastSuccessAt: iso(r.lastSuccessAt),
      lastFailureAt: iso(r.lastFailureAt),
      lastFailureReason: r.lastFailureReason,
    },
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

function presentAttempt(a: repo.AttemptRow) {
  return {
    id: a.id,
    messageId: a.messageId,
    eventType: a.eventType,
    attempt: a.attempt,
    trigger: a.trigger,
    success: a.success,
    statusCode: a.statusCode,
    responseBody: a.responseBody,
    error: a.error,
    durationMs: a.durationMs,
    createdAt: a.createdAt.toISOString(),
  };
}

function presentAlert(a: repo.AlertRow) {
  return {
    ...a,
    // The column holds only these three (every writer sets one of them).
    severity: a.severity as 'info' | 'warning' | 'critical',
    details: a.details ?? null,
    createdAt: a.createdAt.toISOString(),
    lastSeenAt: iso(a.lastSeenAt),
    resolvedAt: iso(a.resolvedAt),
    acknowledgedAt: iso(a.acknowledgedAt),
  };
}

export function createWebhooksService(deps: { database: Database; config: Config; log: Logger; keys: SigningKeys }) {
  const { database, log } = deps;
  const db = database.db;
  const wh = deps.config.webhooks;
  const keys = deps.keys;
  let sender: Sender | undefined;

  function checkUrl(url: string): void {
    const r = validateWebhookUrl(url, { allowPrivate: wh.allowPrivateNetworks });
    if (!r.ok) throw appError('WEBHOOK_URL_REJECTED', r.reason);
  }

  /** A new endpoint row with a sealed secret (no I/O): for `create` and for onboarding's transaction. */
  function prepareEndpoint(companyId: string, input: { url: string; events: string[]; description?: string; enabled?: boolean }) {
    checkUrl(input.url);
    const id = newId('webhook');
    const { secret, sealed } = keys.create(id);
    const row: repo.NewEndpointRow = {
      id,
      companyId,
      url: input.url,
      events: [...new Set(input.events)],
      description: input.description ?? null,
      enabled: input.enabled ?? true,
      disabledReason: input.enabled === false ? 'created disabled' : null,
      disabledAt: input.enabled === false ? new Date() : null,
      secretSealed: sealed,
    };
    return { row, secret };
  }

  /** `on`: a transaction's Drizzle when called inside one (embedded mode has a single connection). */
  async function owned(companyId: string | null, id: string, on = db): Promise<repo.EndpointRow> {
    const row = await repo.getEndpoint(on, companyId, id);
    if (!row) throw appError('WEBHOOK_NOT_FOUND', id);
    return row;
  }

  async function update(companyId: string | null, id: string, patch: UpdateWebhookInput, actor: string) {
    if (patch.url !== undefined) checkUrl(patch.url);
    const row = await withTransaction(database, async (tx) => {
      const current = await owned(companyId, id, tx.db);
      const set: Partial<repo.NewEndpointRow> = {};
      if (patch.url !== undefined) set.url = patch.url;
      if (patch.events !== undefined) set.events = [...new Set(patch.events)];
      if (patch.description !== undefined) set.description = patch.description;
      if (patch.enabled === true && !current.enabled) Object.assign(set, { enabled: true, disabledReason: null, disabledAt: null });
      if (patch.enabled === false && current.enabled)
        Object.assign(set, {
          enabled: false,
          disabledReason: `disabled by ${actor.startsWith('admin') ? 'an admin' : 'the partner'}`,
          disabledAt: new Date(),
        });
      const updated = await repo.updateEndpoint(tx.db, companyId, id, set);
      if (!updated) throw appError('WEBHOOK_NOT_FOUND', id);
      if (set.enabled === true) await repo.resolveAlerts(tx.db, id, actor);
      return updated;
    });
    if (patch.enabled === true) log.info({ endpointId: id, actor }, 'webhook re-enabled');
    return presentEndpoint(row);
  }

  async function replay(companyId: string | null, id: string, body: ReplayInput, actor: string) {
    const endpoint = await owned(companyId, id);
    if (!endpoint.enabled) throw appError('WEBHOOK_DISABLED', id);
    let since: Date | undefined;
    if (body.since !== undefined) {
      since = new Date(body.since);
      if (!Number.isFinite(since.getTime())) throw appError('VALIDATION_FAILED', 'body.since is not a valid time');
    }
    const replayed = await withTransaction(database, async (tx) => {
      let n: number;
      if (body.messageId !== undefined) {
        const r = await repo.replayMessage(tx.db, id, body.messageId);
        if (r === 'missing') throw appError('WEBHOOK_MESSAGE_NOT_FOUND', body.messageId);
        if (r === 'pending') throw appError('WEBHOOK_MESSAGE_IN_PROGRESS', body.messageId);
        n = 1;
      } else {
        n = await repo.replayFailedSince(tx.db, id, since!, REPLAY_LIMIT);
      }
      if (n > 0) await repo.notifyWorkers(tx.db);
      return n;
    });
    log.info({ endpointId: id, actor, replayed, messageId: body.messageId, since: body.since }, 'webhook messages replayed');
    return { replayed, limit: REPLAY_LIMIT };
  }

  async function logs(companyId: string | null, id: string, q: { messageId?: string; success?: boolean; limit: number; offset: number }) {
    await owned(companyId, id);
    const { rows, total } = await repo.listAttempts(db, id, q, q.limit, q.offset);
    return page(rows.map(presentAttempt), total, q);
  }

  return {
    prepareEndpoint,

    async list(companyId: string) {
      const now = new Date();
      return { data: (await repo.listEndpoints(db, companyId)).map((r) => presentEndpoint(r, now)) };
    },

    async get(companyId: string, id: string) {
      return presentEndpoint(await owned(companyId, id));
    },

    async create(companyId: string, input: CreateWebhookInput) {
      const { row, secret } = prepareEndpoint(companyId, input);
      const created = await withTransaction(database, async (tx) => {
        await repo.lockCompanyForEndpoints(tx.db, companyId);
        if ((await repo.countEndpoints(tx.db, companyId)) >= MAX_WEBHOOKS_PER_COMPANY)
          throw appError('WEBHOOK_LIMIT_REACHED', MAX_WEBHOOKS_PER_COMPANY);
        const [r] = await repo.insertEndpoints(tx.db, [row]);
        return r!;
      });
      return { ...presentEndpoint(created), secret };
    },

    update: (companyId: string, id: string, patch: UpdateWebhookInput) => update(companyId, id, patch, 'partner'),

    async remove(companyId: string, id: string): Promise<void> {
      const deleted = await withTransaction(database, (tx) => repo.deleteEndpoint(tx.db, companyId, id));
      if (!deleted) throw appError('WEBHOOK_NOT_FOUND', id);
    },

    async rotateSecret(companyId: string, id: string) {
      const { secret, sealed } = keys.create(id);
      const row = await repo.rotateSecret(db, companyId, id, sealed, ROTATION_OVERLAP_MS);
      if (!row) throw appError('WEBHOOK_NOT_FOUND', id);
      return { secret, previousSecretExpiresAt: iso(row.previousSecretExpiresAt) };
    },

    /**
     * Onboarding's "send test": a signed `webhook.test` to a URL that is not an endpoint yet, through the
     * same SSRF-guarded client. Signed with a throwaway secret (the endpoint's own is made at activation,
     * so the receiver cannot verify this one); nothing is stored.
     */
    async probeUrl(url: string) {
      checkUrl(url);
      const messageId = newMessageId();
      const at = new Date();
      const body = messageBody({
        messageId,
        endpointId: 'onboarding',
        eventType: TEST_EVENT_TYPE,
        occurredAt: at,
        data: testEventData('onboarding'),
      });
      const headers = buildSignedHeaders({
        messageId,
        eventType: TEST_EVENT_TYPE,
        timestamp: at,
        body,
        secrets: [decodeSigningSecret(generateSigningSecret())],
      });
      sender ??= createSender({ allowPrivate: wh.allowPrivateNetworks, timeoutMs: wh.timeoutMs, maxSocketsPerOrigin: 4 });
      const r = await sender.send(url, headers, body);
      const success = r.statusCode !== null && r.statusCode >= 200 && r.statusCode <= 299;
      return { success, statusCode: r.statusCode, durationMs: r.durationMs, error: r.error, responseBody: r.responseBody };
    },

    /** Sends a `webhook.test` message now, through the same signing and SSRF-guarded client. */
    async sendTest(companyId: string, id: string) {
      const endpoint = await owned(companyId, id);
      const sealed = endpoint.secretSealed ?? (await ensureSecret(database.pool, id, keys.create(id).sealed));
      const messageId = newMessageId();
      const at = new Date();
      const body = messageBody({ messageId, endpointId: id, eventType: TEST_EVENT_TYPE, occurredAt: at, data: testEventData(id) });
      const headers = buildSignedHeaders({
        messageId,
        eventType: TEST_EVENT_TYPE,
        timestamp: at,
        body,
        secrets: keys.keysFor({ ...endpoint, secretSealed: sealed }, at),
      });
      sender ??= createSender({ allowPrivate: wh.allowPrivateNetworks, timeoutMs: wh.timeoutMs, maxSocketsPerOrigin: 4 });
      const r = await sender.send(endpoint.url, headers, body);
      const success = r.statusCode !== null && r.statusCode >= 200 && r.statusCode <= 299;
      await withTransaction(database, async (tx) => {
        await repo.insertMessage(tx.db, {
          id: messageId,
          endpointId: id,
          companyId,
          eventId: null,
          eventType: TEST_EVENT_TYPE,
          payload: body,
          status: success ? 'succeeded' : 'failed',
          trigger: 'test',
          attempts: 1,
          lastStatusCode: r.statusCode,
          lastError: success ? null : (r.error ?? `HTTP ${r.statusCode}`),
          deliveredAt: success ? new Date() : null,
        });
        await repo.insertAttempt(tx.db, {
          messageId,
          endpointId: id,
          companyId,
          eventType: TEST_EVENT_TYPE,
          attempt: 1,
          trigger: 'test',
          success,
          statusCode: r.statusCode,
          responseBody: r.responseBody,
          error: r.error,
          durationMs: r.durationMs,
          createdAt: at,
        });
      });
      return { success, statusCode: r.statusCode, durationMs: r.durationMs, error: r.error, messageId, responseBody: r.responseBody };
    },

    logs: (companyId: string, id: string, q: { messageId?: string; success?: boolean; limit: number; offset: number }) => logs(companyId, id, q),
    replay: (companyId: string, id: string, body: ReplayInput) => replay(companyId, id, body, 'partner'),

    // --- admin ---------------------------------------------------------------------------------------
    async adminList(q: { status?: repo.EndpointStatus; companyId?: string; windowHours: number; limit: number; offset: number }) {
      const now = new Date();
      const windowMs = q.windowHours * 3600_000;
      const { rows, total } = await repo.adminListEndpoints(
        db,
        { status: q.status, companyId: q.companyId, since: new Date(now.getTime() - windowMs) },
        q.limit,
        q.offset,
      );
      const data = rows.map((r) => ({
        ...presentEndpoint(r, now, windowMs),
        companyId: r.companyId,
        companyName: r.companyName,
        window: {
          hours: q.windowHours,
          attempts: r.attemptsInWindow,
          successes: r.successesInWindow,
          successRate: r.attemptsInWindow > 0 ? Math.round((r.successesInWindow / r.attemptsInWindow) * 10_000) / 10_000 : null,
        },
      }));
      return page(data, total, q);
    },
    adminEnable: (adminId: string, id: string) => update(null, id, { enabled: true }, `admin:${adminId}`),
    adminReplay: (adminId: string, id: string, body: ReplayInput) => replay(null, id, body, `admin:${adminId}`),
    adminLogs: (id: string, q: { messageId?: string; success?: boolean; limit: number; offset: number }) => logs(null, id, q),

    async alerts(q: repo.AlertFilter & { limit: number; offset: number }) {
      const { rows, total } = await repo.listAlerts(db, q, q.limit, q.offset);
      return page(rows.map(presentAlert), total, q);
    },

    async alert(id: number) {
      const row = await repo.getAlert(db, id);
      if (!row) throw appError('ALERT_NOT_FOUND', id);
      return presentAlert(row);
    },

    async acknowledgeAlert(adminId: string, id: number) {
      const row = await repo.acknowledgeAlert(db, id, `admin:${adminId}`);
      if (!row) throw appError('ALERT_NOT_FOUND', id);
      return presentAlert(row);
    },

    close() {
      sender?.close();
    },
  };
}

export type WebhooksService = ReturnType<typeof createWebhooksService>;
