/** Benchmark settings from the environment, shared by the bench scripts: bad values stop the run. */
export const envInt = (key: string, def: number, min: number, max: number): number => {
  const raw = process.env[key];
  if (raw === undefined || raw.trim() === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${key} must be an integer between ${min} and ${max}`);
  return n;
};

export const envFlag = (key: string): boolean => ['1', 'true', 'yes'].includes((process.env[key] ?? '').toLowerCase());
