/**
 * Everything the hub knows about one carrier, in one value: each carrier folder (src/carriers/<code>/)
 * exports one CarrierDefinition from its index.ts, and carriers.ts lists them in CARRIERS. Every
 * other list of carriers (settings, error texts, schemas, CLI help, the simulator) is derived from
 * CARRIERS, so a new carrier is its folder plus one line there (docs/carriers.md, "Adding a carrier").
 */
import type { CarrierCode } from './carriers.js';
import type { CarrierClient } from './http/carrier-client.js';
import type { UnifiedTracking } from './model.js';
import type { CarrierSimulation } from './simulation.js';

/** The recorded tracking answers every carrier folder keeps, one per state. */
export const FIXTURE_KINDS = ['delivered', 'in_transit', 'failed', 'returned', 'not_found'] as const;
export type FixtureKind = (typeof FIXTURE_KINDS)[number];

export interface CarrierDefinition<C extends string = CarrierCode> {
  readonly code: C;
  /** The carrier's name as people write it (logs, CLI help, docs). */
  readonly displayName: string;
  /** Production host as far as public material shows it; CARRIER_<CODE>_BASE_URL overrides it. */
  readonly defaultBaseUrl: string;
  /** Credential names, as env suffixes: `api_key` → CARRIER_<CODE>_API_KEY. All are required. */
  readonly credentialKeys: readonly string[];
  /** The carrier's AWB syntax, anchored both ends and disjoint from every other carrier's (a test checks). */
  readonly awbPattern: RegExp;
  /** Whether the carrier pushes updates by default (CARRIER_<CODE>_CALLBACK overrides); off → polled. */
  readonly pushesCallbacks: boolean;
  /** How to ask for one AWB and how to read the answer (the only carrier-specific HTTP code). */
  readonly client: CarrierClient;
  /** The pure mapper: the carrier's tracking answer → unified tracking (throws CarrierPayloadError). */
  readonly mapper: (payload: unknown) => UnifiedTracking;
  /**
   * Recorded answers in the carrier's own shape. Product data, not test data: the carrier simulator
   * (`fastforward sim carriers`, the demo, the benchmarks) serves them, and the mapper tests read them.
   */
  readonly fixtures: Readonly<Record<FixtureKind, unknown>>;
  /** How the simulator plays this carrier (request checks, dev credentials, error bodies). */
  readonly simulation: CarrierSimulation;
}
