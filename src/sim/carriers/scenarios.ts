/**
 * Carrier simulator scenarios: which answer an AWB gets, chosen by its last digit (see the table in
 * server.ts) unless overridden per AWB. Pure, so tests, the demo and the benchmarks can build AWBs
 * that select a scenario without starting the server.
 */
import { CARRIERS, type CarrierCode } from '../../carriers/carriers.js';

export const SIM_SCENARIOS = [
  'delivered',
  'in_transit',
  'failed',
  'returned',
  'not_found',
  'slow',
  'error',
  'pod_missing',
  'garbage',
  'flaky',
] as const;
export type SimScenario = (typeof SIM_SCENARIOS)[number];

/** Index = the AWB's last digit. */
export const SCENARIO_BY_DIGIT: readonly SimScenario[] = SIM_SCENARIOS;

/** The scenarios whose answer is a carrier tracking body (everything else is timing or transport). */
export type SimPayloadKind = 'delivered' | 'in_transit' | 'failed' | 'returned' | 'not_found' | 'pod_missing';

/** What a JNE push callback can report (a callback never says "not found"). */
export const JNE_CALLBACK_SCENARIOS = ['delivered', 'in_transit', 'failed', 'returned', 'pod_missing'] as const;
export type JneCallbackScenario = (typeof JNE_CALLBACK_SCENARIOS)[number];

export function isSimScenario(v: unknown): v is SimScenario {
  return typeof v === 'string' && (SIM_SCENARIOS as readonly string[]).includes(v);
}

export function isJneCallbackScenario(v: unknown): v is JneCallbackScenario {
  return typeof v === 'string' && (JNE_CALLBACK_SCENARIOS as readonly string[]).includes(v);
}

/** Last digit → scenario; no trailing digit (an AWB we do not recognise) → delivered. */
export function scenarioFromAwb(awb: string): SimScenario {
  const last = awb.trim().at(-1);
  return last !== undefined && last >= '0' && last <= '9' ? SCENARIO_BY_DIGIT[Number(last)]! : 'delivered';
}

/** A valid AWB for `carrier` whose last digit selects `scenario`; `seq` keeps AWBs apart (flaky state, stats, caches). */
export function simAwb(carrier: CarrierCode, scenario: SimScenario, seq = 1): string {
  // Prefix + seq + scenario digit matches that carrier's awbPattern and nothing else: the hub detects
  // the carrier from the AWB, so a sim AWB must look like a real one.
  const shape = CARRIERS[carrier].simulation.awbShape;
  if (!Number.isSafeInteger(seq) || seq < 0 || String(seq).length > shape.seqDigits) {
    throw new RangeError(`simAwb: seq must be an integer from 0 to ${'9'.repeat(shape.seqDigits)} for ${carrier}`);
  }
  return `${shape.prefix}${String(seq).padStart(shape.seqDigits, '0')}${SCENARIO_BY_DIGIT.indexOf(scenario)}`;
}
