/**
 * PostgreSQL's COPY text format, read back into rows and written from them. Pure: no I/O.
 *
 * `COPY (query) TO STDOUT` (text format, the default) writes one line per row, ended by `\n`; columns are
 * separated by a tab; NULL is `\N`; and inside a value a backslash, newline, carriage return, tab,
 * backspace, form feed and vertical tab are written as `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, `\v`. So a raw
 * tab or newline in the stream is always a separator, never data, and splitting on them is exact.
 * (COPY never writes the octal `\123` or hex `\x53` forms on output; they are read anyway, as the
 * character of that code, so any valid COPY text is understood.) Any other backslashed character stands
 * for itself, as PostgreSQL's own reader takes it.
 *
 * Chunks may end anywhere — inside a row, or inside a multi-byte UTF-8 character — so the reader keeps
 * the unfinished tail for the next chunk.
 */
import { StringDecoder } from 'node:string_decoder';

export type CopyRow = Array<string | null>;

const SIMPLE: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

const isOctal = (c: string | undefined) => c !== undefined && c >= '0' && c <= '7';
const isHex = (c: string | undefined) => c !== undefined && /^[0-9a-fA-F]$/.test(c);

/** One value as COPY wrote it (not `\N`) back to its text. */
export function unescapeCopyValue(field: string): string {
  if (!field.includes('\\')) return field;
  let out = '';
  for (let i = 0; i < field.length; i++) {
    const ch = field[i]!;
    if (ch !== '\\' || i === field.length - 1) {
      out += ch;
      continue;
    }
    const next = field[++i]!;
    const simple = SIMPLE[next];
    if (simple !== undefined) out += simple;
    else if (isOctal(next)) {
      let digits = next;
      while (digits.length < 3 && isOctal(field[i + 1])) digits += field[++i];
      out += String.fromCharCode(parseInt(digits, 8));
    } else if (next === 'x' && isHex(field[i + 1])) {
      let digits = field[++i]!;
      if (isHex(field[i + 1])) digits += field[++i];
      out += String.fromCharCode(parseInt(digits, 16));
    } else out += next;
  }
  return out;
}

/** One line (without its `\n`) into its values. */
export function parseCopyLine(line: string): CopyRow {
  const fields: CopyRow = line.split('\t');
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    fields[i] = f === '\\N' ? null : unescapeCopyValue(f);
  }
  return fields;
}

/**
 * Reads COPY text chunk by chunk. `push` returns the rows completed by the chunk (possibly none);
 * `end` the last one when the stream did not end with a newline, and throws when a multi-byte character
 * was left unfinished (a truncated stream, not a report to upload).
 */
export class CopyTextReader {
  private readonly decoder = new StringDecoder('utf8');
  private tail = '';

  push(chunk: Buffer): CopyRow[] {
    const text = this.tail + this.decoder.write(chunk);
    const lines = text.split('\n');
    this.tail = lines.pop()!;
    const rows = new Array<CopyRow>(lines.length);
    for (let i = 0; i < lines.length; i++) rows[i] = parseCopyLine(lines[i]!);
    return rows;
  }

  end(): CopyRow[] {
    if (this.decoder.end() !== '') throw new Error('COPY stream ended inside a UTF-8 character');
    const text = this.tail;
    this.tail = '';
    return text === '' ? [] : [parseCopyLine(text)];
  }
}

// ---------------------------------------------------------------------------------------------
// writing: `COPY table (columns) FROM STDIN`, text format

/** What a value cannot carry raw in COPY text: the escape character itself and the separators. */
const MUST_ESCAPE = /[\\\n\r\t]/;
const MUST_ESCAPE_ALL = /[\\\n\r\t]/g;
const ESCAPED: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * One value as COPY text. Only the backslash, newline, carriage return and tab need escaping (the other
 * control characters are taken raw); a value is otherwise copied as it is, and `\.` alone on a line
 * cannot occur since every backslash is doubled.
 */
export function escapeCopyValue(value: string): string {
  return MUST_ESCAPE.test(value) ? value.replace(MUST_ESCAPE_ALL, (c) => ESCAPED[c]!) : value;
}

/** One row as a line of COPY text, `\n` included: values tab-separated, null as `\N`. */
export function copyTextLine(values: ReadonlyArray<string | null>): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += '\t';
    const v = values[i];
    line += v === null || v === undefined ? '\\N' : escapeCopyValue(v);
  }
  return line + '\n';
}

let isoSecond = Number.NaN;
let isoPrefix = '';

/**
 * `date.toISOString()`, for timestamps written by the thousand: the text up to the second is computed
 * once per second and reused, only the milliseconds are appended (toISOString measured about 1 µs, the
 * largest part of writing an API log row as COPY text).
 */
export function isoTimestamp(date: Date): string {
  const t = date.getTime();
  const second = Math.floor(t / 1000);
  if (second !== isoSecond) {
    const iso = new Date(second * 1000).toISOString();
    isoPrefix = iso.slice(0, iso.length - 4);
    isoSecond = second;
  }
  const ms = t - second * 1000;
  return `${isoPrefix}${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`;
}
