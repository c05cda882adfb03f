/**
 * The pages' one way to the hub: the same typed client partners get (`fastforward/client`), on this
 * page's origin. Cookies go along (same origin): the admin pages are signed in by their session cookie.
 */
import { createFastForwardClient, FastForwardError, unwrap } from '../../../src/client/index.js';

export const api = createFastForwardClient({ baseUrl: window.location.origin, credentials: 'same-origin' });
export { FastForwardError, unwrap };

/** The API's field-level problems (VALIDATION_FAILED details) by field, e.g. `body.company.email` → message. */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof FastForwardError) || !Array.isArray(err.details)) return {};
  const out: Record<string, string> = {};
  for (const d of err.details as Array<{ field?: unknown; message?: unknown }>) {
    if (typeof d.field === 'string' && typeof d.message === 'string') out[d.field] ??= d.message;
  }
  return out;
}
