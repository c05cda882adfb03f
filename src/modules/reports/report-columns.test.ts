import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCells, neutralise, REPORT_HEADERS, reportFileName, xlsxCells } from './report-columns.js';

// The column order every file has (docs/reports.md), written out by hand.
const HEADERS = [
  'shipment_id',
  'tracking_number',
  'awb',
  'carrier',
  'status',
  'assignee_company_id',
  'customer_name',
  'customer_email',
  'customer_phone',
  'pickup_address',
  'dropoff_address',
  'created_at',
  'delivered_at',
  'total_cost',
  'proof_of_delivery',
  'receiver_name',
  'pod_relation',
  'pod_source',
  'pod_signature_url',
  'pod_delivered_at',
];

/** A row as the query returns it, with `over` replacing some columns by header. */
function row(over: Record<string, string | null> = {}): Array<string | null> {
  return HEADERS.map((h) => (h in over ? over[h]! : null));
}

describe('report columns', () => {
  it('are the documented ones, in the documented order', () => {
    expect(REPORT_HEADERS).toEqual(HEADERS);
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+31 20 555', "'+31 20 555"],
    ['-2', "'-2"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['=HYPERLINK("http://evil.example","click")', '\'=HYPERLINK("http://evil.example","click")'],
    ['Jane', 'Jane'],
    ['a=b', 'a=b'],
    [' =1', ' =1'],
    ["'quoted", "'quoted"],
    ['', ''],
  ])('neutralise(%j) = %j', (input, expected) => {
    expect(neutralise(input)).toBe(expected);
  });

  it('CSV cells: null empty, text neutralised, a plain cost kept (even negative), timestamps as given', () => {
    const cells = csvCells(
      row({
        shipment_id: 'shp_1',
        customer_name: '=cmd|/C calc!A0',
        total_cost: '-12.50',
        created_at: '2026-03-04T05:06:07.089Z',
        receiver_name: '@bob',
      }),
    );
    expect(cells[0]).toBe('shp_1');
    expect(cells[2]).toBe('');
    expect(cells[6]).toBe("'=cmd|/C calc!A0");
    expect(cells[11]).toBe('2026-03-04T05:06:07.089Z');
    expect(cells[13]).toBe('-12.50');
    expect(cells[15]).toBe("'@bob");
    expect(cells).toHaveLength(20);
  });

  it('a cost that is not a plain number is text, neutralised', () => {
    expect(csvCells(row({ total_cost: '-1+1' }))[13]).toBe("'-1+1");
    expect(xlsxCells(row({ total_cost: '=1' }))[13]).toBe("'=1");
  });

  it('XLSX cells: timestamps as Dates, cost as a number, text neutralised, null as null', () => {
    const cells = xlsxCells(row({ created_at: '2026-03-04T05:06:07.089Z', total_cost: '1234.50', customer_name: '+1', awb: 'JX1' }));
    expect(cells[11]).toEqual(new Date(Date.UTC(2026, 2, 4, 5, 6, 7, 89)));
    expect(cells[13]).toBe(1234.5);
    expect(cells[6]).toBe("'+1");
    expect(cells[2]).toBe('JX1');
    expect(cells[12]).toBeNull();
  });

  it('file names', () => {
    expect(reportFileName('csv', '2026-01-01T00:00:00.000Z', '2026-01-31T23:59:59.999Z')).toBe('orders-2026-01-01-2026-01-31.csv');
    expect(reportFileName('xlsx', '2025-12-01T10:00:00.000Z', '2026-01-01T00:00:00.000Z')).toBe('orders-2025-12-01-2026-01-01.xlsx');
  });

  it('property: no text cell of either format starts with a dangerous character, and each shows its value after at most one apostrophe', () => {
    const dangerous = fc.constantFrom('=', '+', '-', '@', '\t', '\r');
    const text = fc.oneof(fc.string(), fc.tuple(dangerous, fc.string()).map(([d, s]) => d + s));
    fc.assert(
      fc.property(fc.array(fc.option(text, { nil: null }), { minLength: 20, maxLength: 20 }), (values) => {
        const csv = csvCells(values);
        const xlsx = xlsxCells(values);
        values.forEach((v, i) => {
          if (v === null) {
            expect([csv[i], xlsx[i]]).toEqual(['', null]);
            return;
          }
          for (const cell of [csv[i], xlsx[i]]) {
            if (typeof cell !== 'string') continue;
            const header = HEADERS[i]!;
            // A plain number in the cost column is written as a number (not a formula).
            if (header === 'total_cost' && /^-?\d+(\.\d+)?$/.test(v ?? '')) continue;
            expect(/^[=+\-@\t\r]/.test(cell)).toBe(false);
            // Round trip: the original is the cell, or the cell without its added apostrophe.
            expect(cell === v || cell === `'${v}`).toBe(true);
            if (cell !== v) expect(/^[=+\-@\t\r]/.test(v!)).toBe(true);
          }
        });
      }),
      { numRuns: 500 },
    );
  });
});
