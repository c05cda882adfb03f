/**
 * The columns of an order report and how each cell is written, in CSV and XLSX alike. Pure: no I/O.
 *
 * Spreadsheet programs run a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a
 * formula (CSV / formula injection): a customer name like `=HYPERLINK(...)` would run on the merchant's
 * machine. Such text cells get a leading apostrophe, which spreadsheets show as text and which keeps the
 * original value visible after it (strip the first character to get it back).
 */

export type CellKind = 'text' | 'timestamp' | 'money';

export interface ReportColumn {
  /** The header cell, and the name the row query gives the value. */
  readonly header: string;
  readonly kind: CellKind;
  /** XLSX column width, in characters. */
  readonly width: number;
}

/** In this order in every file; the row query selects them in this order too (reports.rows-repo.ts). */
export const REPORT_COLUMNS: readonly ReportColumn[] = [
  { header: 'shipment_id', kind: 'text', width: 26 },
  { header: 'tracking_number', kind: 'text', width: 22 },
  { header: 'awb', kind: 'text', width: 20 },
  { header: 'carrier', kind: 'text', width: 10 },
  { header: 'status', kind: 'text', width: 17 },
  { header: 'assignee_company_id', kind: 'text', width: 26 },
  { header: 'customer_name', kind: 'text', width: 24 },
  { header: 'customer_email', kind: 'text', width: 28 },
  { header: 'customer_phone', kind: 'text', width: 16 },
  { header: 'pickup_address', kind: 'text', width: 40 },
  { header: 'dropoff_address', kind: 'text', width: 40 },
  { header: 'created_at', kind: 'timestamp', width: 20 },
  { header: 'delivered_at', kind: 'timestamp', width: 20 },
  { header: 'total_cost', kind: 'money', width: 12 },
  { header: 'proof_of_delivery', kind: 'text', width: 48 },
  { header: 'receiver_name', kind: 'text', width: 24 },
  { header: 'pod_relation', kind: 'text', width: 14 },
  { header: 'pod_source', kind: 'text', width: 10 },
  { header: 'pod_signature_url', kind: 'text', width: 48 },
  { header: 'pod_delivered_at', kind: 'timestamp', width: 20 },
];

export const REPORT_HEADERS: readonly string[] = REPORT_COLUMNS.map((c) => c.header);

/** Excel's number format for the timestamp cells (times are UTC). */
export const XLSX_DATE_FORMAT = 'yyyy-mm-dd hh:mm:ss';
export const XLSX_MONEY_FORMAT = '#,##0.00';

const DANGEROUS_FIRST = /^[=+\-@\t\r]/;
/** What PostgreSQL prints for a numeric: safe as it is, though it may start with `-`. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** A text cell as written: dangerous first characters defused with a leading apostrophe. */
export function neutralise(value: string): string {
  return DANGEROUS_FIRST.test(value) ? `'${value}` : value;
}

/**
 * A row as the query returns it (rowMode array, every value text or null; timestamps already ISO 8601
 * UTC) into CSV cells: null → empty, text neutralised, a plain number as it is.
 */
export function csvCells(row: ReadonlyArray<string | null>): string[] {
  const out = new Array<string>(REPORT_COLUMNS.length);
  for (let i = 0; i < REPORT_COLUMNS.length; i++) {
    const v = row[i];
    if (v == null) out[i] = '';
    else if (REPORT_COLUMNS[i]!.kind === 'money' && PLAIN_NUMBER.test(v)) out[i] = v;
    else out[i] = neutralise(v);
  }
  return out;
}

export type XlsxCell = string | number | Date | null;

/** The same row as XLSX cells: timestamps as Dates, money as numbers, text neutralised. */
export function xlsxCells(row: ReadonlyArray<string | null>): XlsxCell[] {
  const out = new Array<XlsxCell>(REPORT_COLUMNS.length);
  for (let i = 0; i < REPORT_COLUMNS.length; i++) {
    const v = row[i];
    const kind = REPORT_COLUMNS[i]!.kind;
    if (v == null) out[i] = null;
    else if (kind === 'timestamp') {
      const d = new Date(v);
      out[i] = Number.isNaN(d.getTime()) ? neutralise(v) : d;
    } else if (kind === 'money' && PLAIN_NUMBER.test(v)) out[i] = Number(v);
    else out[i] = neutralise(v);
  }
  return out;
}

/** The download's file name: `orders-<from>-<to>.<ext>` (days, UTC). */
export function reportFileName(format: 'csv' | 'xlsx', from: string, to: string): string {
  return `orders-${from.slice(0, 10)}-${to.slice(0, 10)}.${format}`;
}
