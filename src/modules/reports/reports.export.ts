/**
 * The export itself, streaming end to end: rows stream from the database in batches, go through the
 * CSV or XLSX writer and into the object store's `put`, with backpressure all the way, so memory stays
 * flat whatever the row count. The job and the benchmark run this same function.
 */
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { Database } from '../../db/client.js';
import type { ObjectStore, StoredObject } from '../../storage/object-store.js';
import { csvCells, REPORT_COLUMNS, REPORT_HEADERS, XLSX_DATE_FORMAT, XLSX_MONEY_FORMAT, xlsxCells } from './report-columns.js';
import { CopyTextReader, type CopyRow } from '../../db/copy-text.js';
import { copyReportRows, fetchReportPage, type PageKey, type ReportQuery } from './reports.rows-repo.js';

export const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

export interface ExportRequest {
  readonly format: 'csv' | 'xlsx';
  /** CSV only: a UTF-8 byte order mark, so Excel opens the file as UTF-8. */
  readonly bom: boolean;
  readonly query: ReportQuery;
  readonly key: string;
}

export interface ExportResult extends StoredObject {
  readonly rows: number;
}

/**
 * Rows per batch (or page): few round trips, and at most this many rows in memory between database and
 * writer. Small enough that a batch dies young: rows held across many awaits are promoted to the old
 * generation, and the garbage there is what made peak RSS grow with the row count (measured: 1M CSV
 * rows peaked at ~300 MB with 5,000, ~165 MB with 1,000).
 */
const BATCH = 1000;

/**
 * Batches of rows. PostgreSQL: one COPY on a session of its own (copyBatches). Embedded: keyset pages through the pool, so the engine's single
 * connection is free between pages and the hub keeps answering during a long export.
 */
function batchesOf(database: Database, query: ReportQuery, batchSize: number): AsyncGenerator<Array<Array<string | null>>> {
  return database.kind === 'embedded' ? pageBatches(database, query, batchSize) : copyBatches(database, query, batchSize);
}

/**
 * Each next batch is asked for before the current one is handed on: the database reads it while the
 * writer formats this one (measured: without it, the export process sat idle more than half the time,
 * waiting for each page). `fetch` gets the previous batch (null first).
 */
async function* prefetched(
  fetch: (previous: Array<Array<string | null>> | null) => Promise<Array<Array<string | null>>>,
  batchSize: number,
): AsyncGenerator<Array<Array<string | null>>> {
  let next: Promise<Array<Array<string | null>>> | null = fetch(null);
  try {
    while (next) {
      const rows: Array<Array<string | null>> = await next;
      next = rows.length === batchSize ? fetch(rows) : null;
      // A consumer that stops early leaves it unawaited: its failure then is nobody's to report.
      next?.catch(() => {});
      if (rows.length > 0) yield rows;
    }
  } finally {
    // Whatever is in flight completes before the caller ends the transaction or frees the connection.
    await next?.catch(() => {});
  }
}

function pageBatches(database: Database, query: ReportQuery, batchSize: number): AsyncGenerator<Array<Array<string | null>>> {
  // The two key values trail each row; the writers read only the report's columns.
  return prefetched((previous) => {
    const last = previous?.[previous.length - 1];
    const after: PageKey | null = last ? { createdAt: last[REPORT_COLUMNS.length]!, id: last[REPORT_COLUMNS.length + 1]! } : null;
    return fetchReportPage(database.pool, query, after, batchSize);
  }, batchSize);
}

/**
 * PostgreSQL: the rows of one COPY on a session of its own (one snapshot; no statement timeout, a big
 * report takes a while), read back from COPY's text format and handed on `batchSize` at a time.
 * `for await` pulls from the stream, so a slow writer pauses the COPY instead of buffering it.
 */
async function* copyBatches(database: Database, query: ReportQuery, batchSize: number): AsyncGenerator<Array<Array<string | null>>> {
  const session = await database.openSession();
  const rows = copyReportRows(session.client, query);
  const reader = new CopyTextReader();
  let batch: CopyRow[] = [];
  try {
    for await (const chunk of rows as AsyncIterable<Buffer>) {
      for (const row of reader.push(chunk)) {
        batch.push(row);
        if (batch.length === batchSize) {
          yield batch;
          batch = [];
        }
      }
    }
    batch.push(...reader.end());
    if (batch.length > 0) yield batch;
  } finally {
    // Also when the consumer stops early (a failed upload): closing the connection ends the COPY.
    rows.destroy();
    await session.release();
  }
}

export async function exportReport(deps: { database: Database; store: ObjectStore }, req: ExportRequest, batchSize = BATCH): Promise<ExportResult> {
  let rows = 0;
  const counted = async function* (): AsyncGenerator<Array<Array<string | null>>> {
    for await (const batch of batchesOf(deps.database, req.query, batchSize)) {
      rows += batch.length;
      yield batch;
    }
  };
  const stored = req.format === 'csv' ? await exportCsv(deps.store, req, counted()) : await exportXlsx(deps.store, req, counted());
  return { ...stored, rows };
}

/**
 * CSV through `csv-stringify`, one batch at a time: each batch of rows becomes one text written to the
 * upload, rather than one stream chunk per row (measured on 1M rows: the per-row chunks, through the
 * stringifier's stream and the store's pipeline, cost more than formatting them).
 */
async function exportCsv(store: ObjectStore, req: ExportRequest, batches: AsyncIterable<Array<Array<string | null>>>): Promise<StoredObject> {
  const body = new PassThrough();
  const put = store.put(req.key, body, { contentType: CONTENT_TYPES.csv });
  // Handled below (awaited or returned); this only keeps an early failure from being reported as unhandled.
  put.catch(() => {});
  try {
    // The header (and the BOM when asked for) first, so an empty report is a header line.
    body.write(csvText([], { header: true, bom: req.bom }));
    for await (const batch of batches) {
      // Backpressure: the writer holds at most one batch beyond its buffer; wait until the store takes it.
      if (!body.write(csvText(batch.map(csvCells)))) await drained(body, put);
    }
    body.end();
  } catch (err) {
    body.destroy(err as Error);
    await put.catch(() => {});
    throw err;
  }
  return put;
}

/** RFC 4180: CRLF after every record, fields with a quote, comma or line break quoted, quotes doubled. */
function csvText(rows: string[][], opts: { header?: boolean; bom?: boolean } = {}): string {
  return stringifyCsv(rows, {
    header: opts.header ?? false,
    columns: opts.header ? [...REPORT_HEADERS] : undefined,
    bom: opts.bom ?? false,
    record_delimiter: 'windows',
    eof: true,
  });
}

/**
 * The compressor the worksheet's XML is piped into. ExcelJS's stream buffer writes into it without
 * looking at its answer (no backpressure): rows committed faster than zlib deflates them pile up there
 * (measured: 1M rows peaked at ~1 GB). Waiting for it to drain after each batch bounds that. Reached
 * through ExcelJS's internals (`_stream.pipes`), so defensively: undefined when the shape differs.
 */
function sheetSink(ws: unknown): NodeJS.WritableStream | undefined {
  const pipes = (ws as { _stream?: { pipes?: unknown } })._stream?.pipes;
  const sink = Array.isArray(pipes) ? (pipes[0] as { _writableState?: unknown; once?: unknown } | undefined) : undefined;
  return sink && typeof sink.once === 'function' && needsDrain(sink) !== undefined ? (sink as unknown as NodeJS.WritableStream) : undefined;
}

/**
 * Whether a writable's buffer is full. Archiver's streams come from `readable-stream` (no
 * `writableNeedDrain`): its state says the same (`needDrain` is set when a write found the buffer full;
 * 'drain' follows once it empties).
 */
function needsDrain(stream: unknown): boolean | undefined {
  const state = (stream as { _writableState?: { needDrain?: unknown } })._writableState;
  return typeof state?.needDrain === 'boolean' ? state.needDrain : undefined;
}

/** Resolves when `stream` drains, or when the upload ends first (its failure is the put's to report). */
function drained(stream: NodeJS.WritableStream, put: Promise<unknown>): Promise<void> {
  return Promise.race([once(stream, 'drain').then(() => undefined), put.then(() => undefined)]);
}

async function exportXlsx(store: ObjectStore, req: ExportRequest, batches: AsyncIterable<Array<Array<string | null>>>): Promise<StoredObject> {
  const body = new PassThrough();
  const put = store.put(req.key, body, { contentType: CONTENT_TYPES.xlsx });
  put.catch(() => {});
  // Streaming writer, inline strings (no shared-strings table held until the end), rows flushed as committed.
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: body, useSharedStrings: false, useStyles: true });
  try {
    const ws = wb.addWorksheet('Orders', { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
    ws.columns = REPORT_COLUMNS.map((c) => ({
      header: c.header,
      key: c.header,
      width: c.width,
      ...(c.kind === 'timestamp' ? { style: { numFmt: XLSX_DATE_FORMAT } } : c.kind === 'money' ? { style: { numFmt: XLSX_MONEY_FORMAT } } : {}),
    }));
    const header = ws.getRow(1);
    header.font = { bold: true };
    header.commit();
    for await (const batch of batches) {
      for (const row of batch) ws.addRow(xlsxCells(row)).commit();
      // Backpressure: the writer pushes into `body` regardless; wait while the store has not taken it.
      if (body.writableNeedDrain) await drained(body, put);
      const sheet = sheetSink(ws);
      if (sheet && needsDrain(sheet)) await drained(sheet, put);
    }
    ws.commit();
    await wb.commit();
  } catch (err) {
    body.destroy(err as Error);
    await put.catch(() => {});
    throw err;
  }
  return put;
}
