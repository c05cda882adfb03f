/** Tier limits (seed 003, "Rate Limiting & Quotas" and phase 8). null = unlimited. */
export const TIERS = {
  starter: { requestsPerMinute: 60, monthlyShipments: 1_000, capacity: 1_000, bonus: 0 },
  professional: { requestsPerMinute: 500, monthlyShipments: 10_000, capacity: 10_000, bonus: 5 },
  // The seed leaves enterprise capacity open; the balance engine needs a finite one. Admins can raise it.
  enterprise: { requestsPerMinute: null, monthlyShipments: null, capacity: 100_000, bonus: 10 },
} as const satisfies Record<string, { requestsPerMinute: number | null; monthlyShipments: number | null; capacity: number; bonus: number }>;

export type Tier = keyof typeof TIERS;
export const TIER_NAMES = ['starter', 'professional', 'enterprise'] as const satisfies readonly Tier[];

/** The limits a company gets when it joins or changes tier. */
export function tierLimits(tier: Tier): { capacity: number; monthlyQuota: number | null; rateLimitPerMinute: number | null } {
  const t = TIERS[tier];
  return { capacity: t.capacity, monthlyQuota: t.monthlyShipments, rateLimitPerMinute: t.requestsPerMinute };
}

/** The seed's rule (phase 4.3): a company may take more work only while used < capacity × 0.9. */
export function hasCapacity(used: number, capacity: number): boolean {
  // Integer form of used < capacity × 0.9: exact, and the same expression the create statement uses in SQL.
  return used * 10 < capacity * 9;
}

/** UTC calendar month, the quota's period. */
export function quotaPeriod(at: Date): string {
  return at.toISOString().slice(0, 7);
}

/** Seconds until the next UTC month starts (Retry-After for a spent monthly quota). */
export function secondsUntilNextPeriod(at: Date): number {
  const next = Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1);
  return Math.max(1, Math.ceil((next - at.getTime()) / 1000));
}
