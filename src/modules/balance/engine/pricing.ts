/**
 * The pricing model (docs/balance.md "Pricing"). Pure: no I/O, no clock.
 *
 * A quote is a price list by distance class — a base fee, a rate per kg of the packages' total weight —
 * plus a fee per package after the first, times the creator's demand multiplier. All money is integer
 * cents inside (no float drift); the results are dollars with at most two decimals.
 *
 * The multiplier (0.90–1.30) follows load: a company busier than the system as a whole quotes higher,
 * steering demand elsewhere; a quieter one quotes lower; a system near saturation lifts every quote.
 * It moves at most one step per adjustment run toward its target, so prices never jump.
 */

export const DISTANCE_CLASSES = ['local', 'regional', 'national'] as const;
export type DistanceClass = (typeof DISTANCE_CLASSES)[number];

/** The price list, in cents: base fee and rate per kg by distance class. */
export const PRICE_LIST: Readonly<Record<DistanceClass, { baseCents: number; perKgCents: number }>> = {
  local: { baseCents: 500, perKgCents: 50 },
  regional: { baseCents: 1200, perKgCents: 100 },
  national: { baseCents: 2500, perKgCents: 200 },
};
/** Each package after the first, in cents. */
export const EXTRA_PACKAGE_CENTS = 150;

/** Multiplier bounds and the largest move of one adjustment run, in hundredths. */
export const MULTIPLIER_MIN = 90;
export const MULTIPLIER_MAX = 130;
export const MULTIPLIER_STEP = 5;
/** Above this system utilization (%) every target rises one hundredth per point. */
export const SURGE_FROM = 80;

export interface QuoteInput {
  /** The packages' total weight, kg (> 0; counted to the gram). */
  weightKg: number;
  packageCount: number;
  distanceClass: DistanceClass;
}

/** The parts before the multiplier, dollars. */
export interface QuoteParts {
  base: number;
  weight: number;
  extraPackages: number;
}

export interface Quote {
  /** subtotal × multiplier, rounded half up to the cent; dollars. */
  total: number;
  /** base + weight + extraPackages; dollars. */
  subtotal: number;
  multiplier: number;
  distanceClass: DistanceClass;
  parts: QuoteParts;
}

/** The quote before the multiplier, in cents: what the create statement multiplies by the creator's multiplier. */
export function quoteCents(input: QuoteInput): { baseCents: number; weightCents: number; extraPackagesCents: number; subtotalCents: number } {
  const list = PRICE_LIST[input.distanceClass];
  const grams = Math.max(0, Math.round(input.weightKg * 1000));
  // Rate × weight, rounded up to the next cent: a partial cent is charged as one.
  const weightCents = Math.ceil((grams * list.perKgCents) / 1000);
  const extraPackagesCents = Math.max(0, input.packageCount - 1) * EXTRA_PACKAGE_CENTS;
  return { baseCents: list.baseCents, weightCents, extraPackagesCents, subtotalCents: list.baseCents + weightCents + extraPackagesCents };
}

/** A multiplier as integer hundredths (1.05 → 105). */
export function hundredths(multiplier: number): number {
  return Math.round(multiplier * 100);
}

/**
 * subtotal × multiplier in cents, rounded half up — in integers: (cents × hundredths + 50) div 100.
 * The create statement computes exactly this in SQL (shipments.create-repo.ts); a test checks they agree.
 */
export function applyMultiplier(subtotalCents: number, multiplierHundredths: number): number {
  return Math.floor((subtotalCents * multiplierHundredths + 50) / 100);
}

export function quote(input: QuoteInput, multiplier: number): Quote {
  const c = quoteCents(input);
  const m = hundredths(multiplier);
  return {
    total: applyMultiplier(c.subtotalCents, m) / 100,
    subtotal: c.subtotalCents / 100,
    multiplier: m / 100,
    distanceClass: input.distanceClass,
    parts: { base: c.baseCents / 100, weight: c.weightCents / 100, extraPackages: c.extraPackagesCents / 100 },
  };
}

/**
 * An address as (city, region): its comma-separated parts, lower case, spaces collapsed, number-only words
 * (house and postal numbers) dropped, empty parts dropped. The last part is the region (state,
 * province); with three parts or more the one before it is the city. With one or two parts the last part
 * is both — "Jl. Thamrin 1, Jakarta" is in Jakarta, which is its own region.
 */
export function placeOf(address: string): { city: string; region: string } | null {
  const parts = address
    .split(',')
    .map((p) =>
      p
        .toLowerCase()
        .split(/\s+/)
        .filter((w) => w !== '' && !/^\d+$/.test(w))
        .join(' '),
    )
    .filter((p) => p !== '');
  const region = parts.at(-1);
  if (region === undefined) return null;
  return { city: parts.length >= 3 ? parts.at(-2)! : region, region };
}

/**
 * The distance class of a trip, from the two addresses: same city and region → local; same region →
 * regional; otherwise (or an address with no words) → national. A heuristic on the text only — the
 * creator may name the class instead (`distanceClass` on the create request).
 */
export function distanceClassOf(pickupAddress: string, dropoffAddress: string): DistanceClass {
  const a = placeOf(pickupAddress);
  const b = placeOf(dropoffAddress);
  if (!a || !b || a.region !== b.region) return 'national';
  return a.city === b.city ? 'local' : 'regional';
}

const clamp = (lo: number, hi: number, x: number) => Math.min(hi, Math.max(lo, x));

/**
 * The multiplier a company's quotes should have, in hundredths: 100, plus one per percentage point its
 * utilization is above the system's (minus one per point below), plus one per point the system's
 * utilization is above SURGE_FROM; rounded half up, within MULTIPLIER_MIN–MAX.
 */
export function targetHundredths(systemUtilization: number, companyUtilization: number): number {
  const raw = 100 + (companyUtilization - systemUtilization) + Math.max(0, systemUtilization - SURGE_FROM);
  return clamp(MULTIPLIER_MIN, MULTIPLIER_MAX, Math.floor(raw + 0.5));
}

/** targetHundredths as a multiplier (two decimals). */
export function targetMultiplier(systemUtilization: number, companyUtilization: number): number {
  return targetHundredths(systemUtilization, companyUtilization) / 100;
}

export interface MultiplierChange {
  companyId: string;
  from: number;
  to: number;
  target: number;
  reason: string;
}

const pct = (x: number) => `${x.toFixed(1)}%`;
const money = (h: number) => (h / 100).toFixed(2);

/**
 * One adjustment run: each company's multiplier moves toward its target by at most MULTIPLIER_STEP
 * hundredths (a multiplier found outside the bounds is first brought within them). Only real changes
 * are returned, each with its reason.
 */
export function adjustMultipliers(
  companies: ReadonlyArray<{ id: string; utilization: number; priceMultiplier: number }>,
  systemUtilization: number,
): MultiplierChange[] {
  const out: MultiplierChange[] = [];
  for (const c of companies) {
    const from = hundredths(c.priceMultiplier);
    const target = targetHundredths(systemUtilization, c.utilization);
    const to = clamp(MULTIPLIER_MIN, MULTIPLIER_MAX, from + clamp(-MULTIPLIER_STEP, MULTIPLIER_STEP, target - from));
    if (to === from) continue;
    const why =
      c.utilization > systemUtilization
        ? `utilization ${pct(c.utilization)} is above the system's ${pct(systemUtilization)}`
        : c.utilization < systemUtilization
          ? `utilization ${pct(c.utilization)} is below the system's ${pct(systemUtilization)}`
          : `utilization ${pct(c.utilization)} equals the system's`;
    const surge = systemUtilization > SURGE_FROM ? `, system above ${SURGE_FROM}%` : '';
    out.push({
      companyId: c.id,
      from: from / 100,
      to: to / 100,
      target: target / 100,
      reason: `${why}${surge}: target ${money(target)}, ${to > from ? 'raised' : 'lowered'} ${money(from)} → ${money(to)}`,
    });
  }
  return out;
}
