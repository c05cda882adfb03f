/**
 * The carriers the hub speaks to: one line per carrier folder. Everything else that lists carriers
 * (CARRIER_CODES, settings and their env names, AWB detection, schemas, CLI help, the simulator) is
 * derived from this record, so adding a carrier is its folder plus one line here.
 */
import type { CarrierDefinition } from './definition.js';
import { idexpress } from './idexpress/index.js';
import { jne } from './jne/index.js';
import { jnt } from './jnt/index.js';
import { sap } from './sap/index.js';
import { sicepat } from './sicepat/index.js';

export const CARRIERS = {
  jne,
  sicepat,
  jnt,
  idexpress,
  sap,
} as const;

/** The codes are the record's keys; each definition is annotated with its own (`CarrierDefinition<'jne'>`). */
export type CarrierCode = keyof typeof CARRIERS;

// Checked apart from the initializer, which cannot name CarrierCode (derived from it) without a cycle:
// every entry is the definition of the code it is filed under.
CARRIERS satisfies Record<CarrierCode, CarrierDefinition> & { readonly [C in CarrierCode]: CarrierDefinition<C> };

/** The codes in CARRIERS order (the order of every list shown: schemas, help, settings). */
export const CARRIER_CODES = Object.keys(CARRIERS) as readonly CarrierCode[];

export function isCarrierCode(v: unknown): v is CarrierCode {
  return typeof v === 'string' && Object.hasOwn(CARRIERS, v);
}

/** "jne, sicepat, jnt, idexpress or sap": for error texts and schema descriptions. */
export function carrierCodeList(sep = ', ', last = ' or '): string {
  return CARRIER_CODES.length < 2 ? CARRIER_CODES.join('') : `${CARRIER_CODES.slice(0, -1).join(sep)}${last}${CARRIER_CODES.at(-1)}`;
}
