/**
 * The one AWB syntax check shared by the gateway (a 400 before any carrier is called) and the
 * adapters (which never put anything else into a carrier URL). Every AWB in carriers.md is letters,
 * digits and at most a dash, 10–16 characters; 4–40 leaves room for formats we have not seen.
 */
const AWB_RE = /^[A-Za-z0-9-]{4,40}$/;

export function isValidAwb(awb: string): boolean {
  return AWB_RE.test(awb);
}
