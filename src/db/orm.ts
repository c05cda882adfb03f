/**
 * Drizzle, loaded through its CommonJS build. Node's ESM loader links drizzle-orm's hundreds of ES
 * modules one by one: about 0.5 s of every start (measured: `import('drizzle-orm/node-postgres')`
 * 520 ms, `require` of the same 95 ms), a quarter of an embedded restart. Every runtime use of
 * drizzle-orm goes through this module, so the process holds a single copy; the types still come
 * from the package's own declarations.
 */
import { createRequire } from 'node:module';
import type * as Core from 'drizzle-orm';
import type * as NodePg from 'drizzle-orm/node-postgres';
import type * as Migrator from 'drizzle-orm/node-postgres/migrator';
import type * as PgCore from 'drizzle-orm/pg-core';

// drizzle-kit loads the schema as CommonJS, where import.meta.url is empty and __filename is the file.
// (Not the other way round: under `node -e`, a global __filename of "[eval]" exists even in ESM.)
const require = createRequire((import.meta as { url?: string }).url || __filename);

const core = require('drizzle-orm') as typeof Core;
export const { and, asc, count, desc, eq, gt, gte, inArray, isNull, isNotNull, lt, lte, ne, or, sql } = core;
export type { SQL } from 'drizzle-orm';

const pgCore = require('drizzle-orm/pg-core') as typeof PgCore;
export const { bigint, bigserial, boolean, index, integer, json, jsonb, numeric, pgTable, primaryKey, real, text, timestamp, uniqueIndex } = pgCore;

export const { drizzle } = require('drizzle-orm/node-postgres') as typeof NodePg;
export type { NodePgDatabase } from 'drizzle-orm/node-postgres';

export const { migrate } = require('drizzle-orm/node-postgres/migrator') as typeof Migrator;
