/**
 * A small reader of the Prometheus text format (what `/metrics` answers), so that tests compare
 * single samples by name and exact label set instead of matching the whole output with patterns.
 * It reads what prom-client writes: `# HELP` / `# TYPE` lines, then `name{label="value",…} number`.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Scrape {
  samples: Sample[];
  /** `# TYPE` of each family. */
  types: Map<string, string>;
  /** The value of the sample with exactly these labels; undefined when there is none. */
  value(name: string, labels?: Record<string, string>): number | undefined;
  /** The samples of `name` whose labels include `labels`. */
  find(name: string, labels?: Record<string, string>): Sample[];
}

const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/gy;

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    LABEL.lastIndex = i;
    const m = LABEL.exec(text);
    if (!m) throw new Error(`bad label set: {${text}}`);
    labels[m[1]!] = m[2]!.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    i = LABEL.lastIndex;
    if (text[i] === ',') i++;
  }
  return labels;
}

function parseValue(v: string, line: string): number {
  if (v === '+Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  // prom-client writes NaN as `Nan` (the event-loop statistics before their first sample); Prometheus reads it case-insensitively.
  if (v.toLowerCase() === 'nan') return NaN;
  const n = Number(v);
  if (Number.isNaN(n)) throw new Error(`bad sample value: ${v} in ${line}`);
  return n;
}

export function parsePrometheus(text: string): Scrape {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      const t = /^# TYPE (\S+) (\S+)$/.exec(line);
      if (t) types.set(t[1]!, t[2]!);
      continue;
    }
    const brace = line.indexOf('{');
    const space = line.lastIndexOf(' ');
    if (brace >= 0 && brace < space) {
      const close = line.lastIndexOf('}');
      samples.push({ name: line.slice(0, brace), labels: parseLabels(line.slice(brace + 1, close)), value: parseValue(line.slice(close + 2), line) });
    } else {
      samples.push({ name: line.slice(0, space), labels: {}, value: parseValue(line.slice(space + 1), line) });
    }
  }
  const same = (a: Record<string, string>, b: Record<string, string>) =>
    Object.keys(a).length === Object.keys(b).length && Object.entries(b).every(([k, v]) => a[k] === v);
  const includes = (a: Record<string, string>, b: Record<string, string>) => Object.entries(b).every(([k, v]) => a[k] === v);
  return {
    samples,
    types,
    value: (name, labels = {}) => samples.find((s) => s.name === name && same(s.labels, labels))?.value,
    find: (name, labels = {}) => samples.filter((s) => s.name === name && includes(s.labels, labels)),
  };
}
