import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => ts('created_at').notNull().defaultNow();

export const companies = pgTable(
  'companies',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    industry: text('industry'),
    tier: text('tier', { enum: ['starter', 'professional', 'enterprise'] }).notNull(),
    status: text('status', { enum: ['active', 'suspended'] }).notNull().default('active'),
    /** Concurrent active shipments the company can carry; the 90 % rule applies to it. */
    capacity: integer('capacity').notNull(),
    /** Shipments per calendar month (UTC); null = unlimited. */
    monthlyQuota: integer('monthly_quota'),
    /** Requests per minute; null = unlimited. */
    rateLimitPerMinute: integer('rate_limit_per_minute'),
    balance: numeric('balance', { precision: 14, scale: 2 }).notNull().default('0'),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('companies_email_uq').on(sql`lower(${t.email})`)],
);

/**
 * Per-company counters behind the capacity and quota checks. They are changed in the same
 * transaction as the shipments they count, so a check never reads a count that a concurrent
 * request is about to change (the row lock serialises creates per company).
 */
export const companyUsage = pgTable('company_usage', {
  companyId: text('company_id')
    .primaryKey()
    .references(() => companies.id, { onDelete: 'cascade' }),
  activeShipments: integer('active_shipments').notNull().default(0),
  /** 'YYYY-MM' (UTC) that monthShipments counts */
  period: text('period').notNull(),
  monthShipments: integer('month_shipments').notNull().default(0),
});

export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The public key `ff_sk_live_…`; an identifier, not a secret. */
    key: text('key').notNull(),
    /** SHA-256 (hex) of the secret; the secret itself is never stored. */
    secretHash: text('secret_hash').notNull(),
    createdAt: createdAt(),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [uniqueIndex('api_keys_key_uq').on(t.key), index('api_keys_company_idx').on(t.companyId)],
);

export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    events: text('events').array().notNull(),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('webhook_endpoints_company_idx').on(t.companyId)],
);

export const admins = pgTable(
  'admins',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    createdAt: createdAt(),
    lastLoginAt: ts('last_login_at'),
  },
  (t) => [uniqueIndex('admins_email_uq').on(sql`lower(${t.email})`)],
);

export const shipments = pgTable(
  'shipments',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id),
    assignedCompanyId: text('assigned_company_id').references(() => companies.id),
    trackingNumber: text('tracking_number').notNull(),
    status: text('status').notNull(),
    customerName: text('customer_name').notNull(),
    customerEmail: text('customer_email').notNull(),
    customerPhone: text('customer_phone').notNull(),
    pickupAddress: text('pickup_address').notNull(),
    dropoffAddress: text('dropoff_address').notNull(),
    totalCost: numeric('total_cost', { precision: 12, scale: 2 }),
    estimatedDelivery: ts('estimated_delivery'),
    currentLocation: text('current_location'),
    /**
     * Read model: the packages and tracking events as the API shows them, kept by the same statements
     * that write `packages` / `tracking_events` (which stay the source of truth). Reads of one shipment
     * (tracking, get, list) are then a single-row fetch with no aggregation.
     */
    packagesView: jsonb('packages_view').notNull().default(sql`'[]'::jsonb`),
    eventsView: jsonb('events_view').notNull().default(sql`'[]'::jsonb`),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('shipments_tracking_number_uq').on(t.trackingNumber),
    index('shipments_company_created_idx').on(t.companyId, t.createdAt.desc(), t.id.desc()),
    index('shipments_assigned_created_idx')
      .on(t.assignedCompanyId, t.createdAt.desc(), t.id.desc())
      .where(sql`${t.assignedCompanyId} is not null`),
    index('shipments_unassigned_idx')
      .on(t.createdAt)
      .where(sql`${t.assignedCompanyId} is null and ${t.status} = 'pending'`),
  ],
);

export const packages = pgTable(
  'packages',
  {
    id: text('id').primaryKey(),
    shipmentId: text('shipment_id')
      .notNull()
      .references(() => shipments.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    trackingNumber: text('tracking_number').notNull(),
    weight: numeric('weight', { precision: 10, scale: 3 }).notNull(),
    dimensions: text('dimensions'),
    contents: text('contents'),
  },
  (t) => [uniqueIndex('packages_shipment_seq_uq').on(t.shipmentId, t.seq)],
);

export const trackingEvents = pgTable(
  'tracking_events',
  {
    id: text('id').primaryKey(),
    shipmentId: text('shipment_id')
      .notNull()
      .references(() => shipments.id, { onDelete: 'cascade' }),
    status: text('status').notNull(),
    location: text('location'),
    notes: text('notes'),
    companyId: text('company_id'),
    occurredAt: ts('occurred_at').notNull().defaultNow(),
  },
  (t) => [index('tracking_events_shipment_idx').on(t.shipmentId, t.occurredAt)],
);

/**
 * Domain events, written in the same transaction as the change they report. Webhook fan-out
 * reads them (ordered by `seq`); `company_ids` are the companies concerned.
 */
export const events = pgTable(
  'events',
  {
    id: text('id').primaryKey(),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    type: text('type').notNull(),
    companyIds: text('company_ids').array().notNull(),
    shipmentId: text('shipment_id'),
    data: jsonb('data').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('events_seq_uq').on(t.seq), index('events_shipment_idx').on(t.shipmentId)],
);

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    companyId: text('company_id').notNull(),
    key: text('key').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    requestHash: text('request_hash').notNull(),
    responseStatus: integer('response_status'),
    responseBody: jsonb('response_body'),
    createdAt: createdAt(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.key] }), index('idempotency_expires_idx').on(t.expiresAt)],
);

export const apiLogs = pgTable(
  'api_logs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: createdAt(),
    kind: text('kind').notNull(),
    ip: text('ip'),
    apiKey: text('api_key'),
    apiKeyId: text('api_key_id'),
    companyId: text('company_id'),
    outcome: text('outcome').notNull(),
    statusCode: integer('status_code').notNull(),
    userAgent: text('user_agent'),
  },
  (t) => [index('api_logs_at_idx').on(t.at), index('api_logs_company_idx').on(t.companyId, t.at)],
);

export const activityLogs = pgTable(
  'activity_logs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: createdAt(),
    actorType: text('actor_type', { enum: ['admin', 'partner', 'system'] }).notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    subjectId: text('subject_id'),
    details: jsonb('details'),
  },
  (t) => [index('activity_logs_at_idx').on(t.at)],
);

