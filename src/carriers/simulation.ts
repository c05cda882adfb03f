/**
 * What the carrier simulator (src/sim/carriers) needs from each carrier folder to play that carrier:
 * the tracking route, how a request names the AWB and carries credentials (checked as strictly as the
 * contract our client is built against), the fixture edits per scenario, and the carrier's error
 * bodies. Kept in the carrier's folder so a carrier is added in one place.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** What the sim made of one tracking request. */
export interface TrackingRequest {
  /** The AWB asked for, when the request names one. */
  awb: string | null;
  authorized: boolean;
  /** A malformed request the carrier refuses before looking anything up (J&T's JSON body). */
  invalid?: { status: number; body: unknown };
}

/** The parts of one incoming tracking request a carrier's check reads. */
export interface SimRequest {
  readonly req: IncomingMessage;
  readonly url: URL;
  /** The tracking route's regex result (JNE's path carries the AWB). */
  readonly match: RegExpExecArray;
  readonly rawBody: string;
}

// Fixture clones are edited in place; their shapes are the carriers', not ours, so they are handled as
// loose JSON (the mappers' tests are what pin the shapes down).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LooseJson = any;

export interface CarrierSimulation {
  /** Fixed dev credentials (names exactly the definition's credentialKeys). Not secrets: they only open the simulator. */
  readonly credentials: Readonly<Record<string, string>>;
  /** The sub-path (after /<carrier>) and method of the tracking call. */
  readonly route: { readonly method: 'GET' | 'POST'; readonly path: RegExp };
  /** Reads the AWB and checks the credentials of a request already matched to the route. */
  readRequest(r: SimRequest, creds: Readonly<Record<string, string>>): TrackingRequest;
  /** Prefix and width of the sequence part of a sim AWB: prefix + seq + scenario digit matches awbPattern. */
  readonly awbShape: { readonly prefix: string; readonly seqDigits: number };
  /** Where a tracking fixture holds its AWB (the one it was recorded with). */
  fixtureAwb(fixture: LooseJson): string;
  /** Fix-ups after the AWB was replaced in a copy of a fixture (e.g. POD URLs that embed it differently). */
  withAwb?(body: LooseJson, awb: string): void;
  /** Delivered without POD: blank photo and receiver the way this carrier blanks them. Edits in place. */
  dropPod(body: LooseJson): void;
  /** The status and body of the carrier's credential refusal. */
  readonly authError: { readonly status: number; readonly body: unknown };
  /** What the carrier's overloaded backend answers with its 503, in its own envelope. */
  readonly unavailableBody: unknown;
}

export const header = (req: IncomingMessage, name: string): string | null => {
  const v = req.headers[name];
  return typeof v === 'string' ? v : Array.isArray(v) ? (v[0] ?? null) : null;
};

export const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

export function decodeComponent(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Constant-time comparison of a presented secret with the expected one. Both sides are hashed first so
 * the buffers always have equal length (timingSafeEqual throws otherwise) and the length of the
 * secret does not leak through an early return.
 */
export function safeEqual(presented: string | null | undefined, expected: string): boolean {
  const a = createHash('sha256')
    .update(presented ?? '')
    .digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && presented !== null && presented !== undefined;
}
