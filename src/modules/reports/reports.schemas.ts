import { Type } from 'typebox';
import { CARRIER_CODES } from '../../carriers/carriers.js';
import { Nullable, Timestamp } from '../../http/common.schemas.js';
import { idPattern } from '../../lib/ids.js';
import { SHIPMENT_STATUSES } from '../shipments/status.js';

export const ReportId = Type.String({ pattern: idPattern('report'), description: 'A report id (`rpt_…`)' });

const Format = Type.Union([Type.Literal('csv'), Type.Literal('xlsx')], { description: 'File format', default: 'csv' });

/** The filters of `GET …/reports` (partner and admin). */
export const reportFilterFields = {
  format: Type.Optional(Format),
  bom: Type.Optional(Type.Boolean({ description: 'CSV: start with a UTF-8 byte order mark (for Excel)', default: false })),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Created at or after (default: 30 days before `to`)' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Created at or before (default: now); at most 366 days after `from`' })),
  status: Type.Optional(
    Type.Array(Type.Union(SHIPMENT_STATUSES.map((s) => Type.Literal(s))), {
      maxItems: SHIPMENT_STATUSES.length,
      description: 'One or several statuses (repeat the parameter)',
    }),
  ),
  carrier: Type.Optional(Type.Union(CARRIER_CODES.map((c) => Type.Literal(c)), { description: 'Carrier shipments of this carrier only' })),
  assignee: Type.Optional(Type.String({ pattern: idPattern('company'), description: 'Shipments assigned to this company only' })),
};

const Filters = Type.Object({
  from: Timestamp,
  to: Timestamp,
  status: Type.Optional(Type.Array(Type.String())),
  carrier: Type.Optional(Type.String()),
  assignee: Type.Optional(Type.String()),
});

export const ReportSchema = Type.Object({
  id: ReportId,
  status: Type.Union([Type.Literal('pending'), Type.Literal('running'), Type.Literal('ready'), Type.Literal('failed'), Type.Literal('expired')], {
    description: '`ready`: `url` downloads the file until `expiresAt`',
  }),
  format: Format,
  companyId: Nullable(Type.String({ description: 'null: every company (an admin report)' })),
  filters: Filters,
  rows: Nullable(Type.Integer()),
  bytes: Nullable(Type.Integer()),
  url: Nullable(Type.String({ description: 'The download link (ready reports only)' })),
  expiresAt: Nullable(Timestamp),
  error: Nullable(Type.String()),
  createdAt: Timestamp,
  finishedAt: Nullable(Timestamp),
  pollUrl: Type.String({ description: 'Where to read this report again' }),
});

export const ReportAccepted = Type.Object({
  id: ReportId,
  status: Type.Union([Type.Literal('pending'), Type.Literal('running')]),
  pollUrl: Type.String({ description: 'Poll it (GET) until `status` is ready or failed; also in the Location header' }),
});
