/** SQL text shared by repositories of several modules (fragments only: no queries here). */

/** A timestamptz column as the API's ISO 8601 UTC text with milliseconds, formatted by the database. */
export const iso = (col: string) => `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
