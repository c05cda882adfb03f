/**
 * The `Content-Disposition: attachment` value that makes a browser save a download under a given name
 * (RFC 6266). Pure: no I/O. Used for S3's presigned links (`response-content-disposition`) and fit for
 * any store that serves its files itself.
 *
 * A quoted `filename` holds only printable ASCII, so every name gets an ASCII fallback there (anything
 * else, and `"` `\` `%`, become `_`: `\` escapes and percent sequences are read differently by
 * different browsers); a name that is not plain ASCII, or that the fallback changed, also gets
 * `filename*` in RFC 5987's `UTF-8''…` form, which current browsers prefer. CR, LF and other controls
 * never reach the header: the fallback replaces them and `filename*` percent-encodes them.
 */

/** RFC 5987 `value-chars`: attr-char as is, everything else %XX of its UTF-8 bytes. */
export function encodeRfc5987(value: string): string {
  // encodeURIComponent leaves A-Z a-z 0-9 - _ . ! ~ * ' ( ) unescaped; attr-char does not allow * ' ( ).
  return encodeURIComponent(value).replace(/[*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The quoted-string fallback: printable ASCII without `"`, `\` and `%`. */
export function asciiFallback(filename: string): string {
  return filename.replace(/[^\x20-\x7e]|["\\%]/gu, '_');
}

export function attachmentDisposition(filename?: string): string {
  if (filename === undefined || filename === '') return 'attachment';
  const fallback = asciiFallback(filename);
  const header = `attachment; filename="${fallback}"`;
  return fallback === filename ? header : `${header}; filename*=UTF-8''${encodeRfc5987(filename)}`;
}
