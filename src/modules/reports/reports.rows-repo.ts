/**
 * The report's rows: shipments with their proof of delivery, streamed from the server as they are
 * produced (PostgreSQL: `COPY (query) TO STDOUT`; embedded: keyset pages), so a report of any size
 * never sits in memory (docs/reports.md). Raw SQL, as every repository here.
 */
import type pg from 'pg';
import { to as copyTo, type CopyToStreamQuery } from 'pg-copy-streams';
import type { Queryable } from '../../db/client.js';
import { REPORT_HEADERS } from './report-columns.js';

export interface ReportQuery {
  /** null: every company's shipments (an admin's report). */
  readonly companyId: string | null;
  /** ISO 8601; created_at from (inclusive) … to (inclusive). */
  readonly from: string;
  readonly to: string;
  readonly statuses: readonly string[] | undefined;
  readonly carrier: string | undefined;
  readonly assignee: string | undefined;
}

const iso = (col: string) => `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** One SQL expression per column of REPORT_COLUMNS, by header: every value comes out as text. */
const EXPRESSIONS: Record<string, string> = {
  shipment_id: 's.id',
  tracking_number: 's.tracking_number',
  awb: 's.carrier_awb',
  carrier: 's.carrier',
  status: 's.status',
  assignee_company_id: 's.assigned_company_id',
  customer_name: 's.customer_name',
  customer_email: 's.customer_email',
  customer_phone: 's.customer_phone',
  pickup_address: 's.pickup_address',
  dropoff_address: 's.dropoff_address',
  created_at: iso('s.created_at'),
  delivered_at: iso('s.delivered_at'),
  total_cost: 's.total_cost::text',
  proof_of_delivery: 'p.image_url',
  receiver_name: 'p.receiver_name',
  pod_relation: 'p.relation',
  pod_source: 'p.source',
  pod_signature_url: 'p.signature_url',
  pod_delivered_at: iso('p.delivered_at'),
};

const SELECT_LIST = REPORT_HEADERS.map((h) => {
  const e = EXPRESSIONS[h];
  if (!e) throw new Error(`report column ${h} has no SQL expression`);
  return `${e} as ${h}`;
}).join(', ');

const FILTERS = `s.created_at >= $1::timestamptz and s.created_at <= $2::timestamptz
        and ($3::text is null or s.company_id = $3 or s.assigned_company_id = $3)
        and ($4::text[] is null or s.status = any($4::text[]))
        and ($5::text is null or s.carrier = $5)
        and ($6::text is null or s.assigned_company_id = $6)`;
const FROM = 'shipments s left join proof_of_delivery p on p.carrier = s.carrier and p.awb = s.carrier_awb';

const valuesOf = (q: ReportQuery): unknown[] => [q.from, q.to, q.companyId, q.statuses ? [...q.statuses] : null, q.carrier ?? null, q.assignee ?? null];

/**
 * The rows' query. A company sees the shipments it created and those assigned to it (as everywhere in
 * the partner API); the POD is the one row of the shipment's carrier AWB (unique per carrier and AWB).
 */
export function reportRowsSql(q: ReportQuery): { text: string; values: unknown[] } {
  return { text: `select ${SELECT_LIST} from ${FROM} where ${FILTERS} order by s.created_at, s.id`, values: valuesOf(q) };
}

/** Where a page of `fetchReportPage` ended: the last row's exact created_at (text) and id. */
export interface PageKey {
  readonly createdAt: string;
  readonly id: string;
}

/**
 * One page of rows after `after` (keyset, same order), each row followed by two extra values: its exact
 * created_at and its id, the next page's key. For the embedded engine, whose single connection must not
 * be held for a whole export: each page is a statement of its own.
 */
export async function fetchReportPage(client: Queryable, q: ReportQuery, after: PageKey | null, n: number): Promise<Array<Array<string | null>>> {
  const values = [...valuesOf(q), after?.createdAt ?? null, after?.id ?? null, Math.trunc(n)];
  const r = await client.query<Array<string | null>>({
    text: `select ${SELECT_LIST}, s.created_at::text, s.id from ${FROM}
      where ${FILTERS} and ($7::timestamptz is null or (s.created_at, s.id) > ($7::timestamptz, $8::text))
      order by s.created_at, s.id limit $9`,
    values,
    rowMode: 'array',
  });
  return r.rows;
}

/**
 * The rows' query with its values written in as literals, for `COPY (query) TO STDOUT`, which takes no
 * bind parameters. Every value goes through `escapeLiteral` (node-pg's: quotes doubled, a backslash
 * turns the literal into an E'' string), so no value can end the literal; the statuses become an ARRAY
 * of such literals.
 */
export function reportCopySql(q: ReportQuery, escapeLiteral: (value: string) => string): string {
  const { text, values } = reportRowsSql(q);
  const literal = (v: unknown): string => {
    if (v === null || v === undefined) return 'null';
    if (Array.isArray(v)) return `array[${v.map((x) => escapeLiteral(String(x))).join(', ')}]::text[]`;
    return escapeLiteral(String(v));
  };
  const inlined = text.replace(/\$(\d+)/g, (_, i: string) => literal(values[Number(i) - 1]));
  return `copy (${inlined}) to stdout`;
}

/**
 * Streams the report's rows in COPY text format (copy-text.ts reads it back). One statement: one
 * snapshot, and the server produces the rows as the reader takes them — the stream pauses the
 * connection when the reader falls behind, so neither side holds more than a socket's worth.
 * Measured against DECLARE … FETCH in batches of 1,000 on 200,000 rows: the FETCH loop cost the server
 * about twice the CPU of the same query sent whole, and Node parsed each row as a protocol message of 20
 * values (~1.4 s of CPU, against ~0.35 s to split COPY's text back into values).
 */
export function copyReportRows(client: pg.Client | pg.PoolClient, q: ReportQuery): CopyToStreamQuery {
  return client.query(copyTo(reportCopySql(q, (v) => client.escapeLiteral(v))));
}
