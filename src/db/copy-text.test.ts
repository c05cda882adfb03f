/**
 * COPY text format read back. Expected values are written by hand from PostgreSQL's documentation of the
 * format (COPY, "Text Format"): tab between columns, `\N` for NULL, backslash escapes for backslash,
 * newline, carriage return, tab, backspace, form feed, vertical tab; octal and hex forms; any other
 * backslashed character stands for itself.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CopyTextReader, copyTextLine, escapeCopyValue, isoTimestamp, parseCopyLine, unescapeCopyValue } from './copy-text.js';

describe('unescapeCopyValue', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a\\\\b', 'a\\b'],
    ['line\\nbreak', 'line\nbreak'],
    ['cr\\rlf\\n', 'cr\rlf\n'],
    ['tab\\there', 'tab\there'],
    ['\\b\\f\\v', '\b\f\v'],
    ['\\101\\102', 'AB'],
    ['\\7x', '\u0007x'],
    ['\\1234', 'S4'],
    ['\\x41\\x4a2', 'AJ2'],
    ['\\x4', '\u0004'],
    ['\\xg', 'xg'],
    ['\\q\\"', 'q"'],
    ['ends with \\', 'ends with \\'],
    ['=SUM(A1)', '=SUM(A1)'],
    ['Siti Aminah — Jl. Mawar №5 😀', 'Siti Aminah — Jl. Mawar №5 😀'],
  ])('%j → %j', (input, expected) => {
    expect(unescapeCopyValue(input)).toBe(expected);
  });
});

describe('parseCopyLine', () => {
  it('splits on tabs, reads \\N as null and keeps an empty string empty', () => {
    expect(parseCopyLine('a\t\\N\t\tb\\tc\t\\\\N')).toEqual(['a', null, '', 'b\tc', '\\N']);
  });
  it('a single column', () => {
    expect(parseCopyLine('\\N')).toEqual([null]);
    expect(parseCopyLine('x')).toEqual(['x']);
  });
});

describe('CopyTextReader', () => {
  const rows = 'shp_1\tSiti\\tAminah\t\\N\nshp_2\tBudi\\nSantoso\t12.50\n';

  it('rows completed by each chunk, however the chunks are cut', () => {
    const bytes = Buffer.from(rows);
    const expected = [
      ['shp_1', 'Siti\tAminah', null],
      ['shp_2', 'Budi\nSantoso', '12.50'],
    ];
    for (let cut = 0; cut <= bytes.length; cut++) {
      const r = new CopyTextReader();
      const got = [...r.push(bytes.subarray(0, cut)), ...r.push(bytes.subarray(cut)), ...r.end()];
      expect(got, `cut at ${cut}`).toEqual(expected);
    }
  });

  it('a multi-byte character split between chunks arrives whole', () => {
    const bytes = Buffer.from('é😀\tx\n');
    const r = new CopyTextReader();
    expect(r.push(bytes.subarray(0, 1))).toEqual([]);
    expect(r.push(bytes.subarray(1, 4))).toEqual([]);
    expect(r.push(bytes.subarray(4))).toEqual([['é😀', 'x']]);
    expect(r.end()).toEqual([]);
  });

  it('a last row without its newline is returned by end()', () => {
    const r = new CopyTextReader();
    expect(r.push(Buffer.from('a\tb\nc\td'))).toEqual([['a', 'b']]);
    expect(r.end()).toEqual([['c', 'd']]);
    expect(r.end()).toEqual([]);
  });

  it('a stream cut inside a character is an error, not a row', () => {
    const r = new CopyTextReader();
    r.push(Buffer.from('a\t').subarray(0, 2));
    r.push(Buffer.from('😀').subarray(0, 2));
    expect(() => r.end()).toThrow(/inside a UTF-8 character/);
  });

  it('nothing in, nothing out', () => {
    const r = new CopyTextReader();
    expect(r.push(Buffer.alloc(0))).toEqual([]);
    expect(r.end()).toEqual([]);
  });
});

describe('escapeCopyValue', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a\\b', 'a\\\\b'],
    ['line\nbreak', 'line\\nbreak'],
    ['cr\rlf\n', 'cr\\rlf\\n'],
    ['tab\there', 'tab\\there'],
    ['\\.', '\\\\.'],
    ['\\N', '\\\\N'],
    // Taken raw by COPY's reader: no need to escape them.
    ['\b\f\v', '\b\f\v'],
    ['Siti Aminah — Jl. Mawar №5 😀', 'Siti Aminah — Jl. Mawar №5 😀'],
  ])('%j → %j', (input, expected) => {
    expect(escapeCopyValue(input)).toBe(expected);
  });
});

describe('copyTextLine', () => {
  it('tab-separated, null as \\N, one newline at the end', () => {
    expect(copyTextLine(['a', null, '', 'x\ty'])).toBe('a\t\\N\t\tx\\ty\n');
    expect(copyTextLine([null])).toBe('\\N\n');
    expect(copyTextLine(['\\N'])).toBe('\\\\N\n');
  });

  it('reads back as written: any strings and nulls survive the round trip', () => {
    const value = fc.option(fc.string({ unit: 'binary' }), { nil: null });
    fc.assert(
      fc.property(fc.array(fc.array(value, { minLength: 1, maxLength: 6 }), { maxLength: 5 }), (rows) => {
        const text = rows.map((r) => copyTextLine(r)).join('');
        const reader = new CopyTextReader();
        const back = [...reader.push(Buffer.from(text, 'utf8')), ...reader.end()];
        // Lone surrogates do not survive UTF-8 whatever the format does: compare what UTF-8 can carry.
        const utf8 = (v: string | null) => (v === null ? null : Buffer.from(v, 'utf8').toString('utf8'));
        expect(back).toEqual(rows.map((r) => r.map(utf8)));
      }),
    );
  });
});

describe('isoTimestamp', () => {
  it.each([
    ['2026-12-01T21:00:00.000Z'],
    ['2026-12-01T21:00:00.007Z'],
    ['2026-12-01T21:00:00.042Z'],
    ['2026-12-01T21:00:00.999Z'],
    ['1969-12-31T23:59:59.999Z'],
    ['1970-01-01T00:00:00.001Z'],
  ])('%s', (iso) => {
    expect(isoTimestamp(new Date(iso))).toBe(iso);
  });

  it('writes what toISOString writes, for any time and in any order (the cached second changes back and forth)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -62_000_000_000_000, max: 250_000_000_000_000 }), { maxLength: 50 }), (times) => {
        for (const t of times) expect(isoTimestamp(new Date(t))).toBe(new Date(t).toISOString());
      }),
    );
  });
});
