import fc from 'fast-check';
import { errorCodes } from 'fastify';
import { describe, expect, it } from 'vitest';
import { AppError, ERRORS, type ErrorCode } from '../errors.js';
import { toAppError } from './error-handler.js';

type AjvIssue = { instancePath: string; schemaPath?: string; keyword: string; params: Record<string, unknown>; message?: string };

/** What Fastify hands the error handler when a schema refuses a request (FST_ERR_VALIDATION + ajv errors). */
function validationError(issues: AjvIssue[], context = 'body'): Error {
  const err = new errorCodes.FST_ERR_VALIDATION('validation failed') as Error & { validation: AjvIssue[]; validationContext: string };
  err.validation = issues;
  err.validationContext = context;
  return err;
}

describe('toAppError', () => {
  describe('AppError', () => {
    it('passes through unchanged (same object)', () => {
      const e = new AppError('SHIPMENT_NOT_FOUND', ['shp_x'], { hint: 1 }, { 'retry-after': '5' });
      expect(toAppError(e)).toBe(e);
      expect(toAppError(e, { bodyLimit: 10, contentType: 'text/plain' })).toBe(e);
    });

    it.each(Object.keys(ERRORS) as ErrorCode[])('%s keeps its code and status', (code) => {
      const e = new AppError(code);
      expect(toAppError(e)).toMatchObject({ code, statusCode: ERRORS[code].status });
    });
  });

  describe('schema validation errors → VALIDATION_FAILED with details', () => {
    it('maps each ajv issue to a field, a rule and a message', () => {
      const e = toAppError(
        validationError([
          { instancePath: '/customer/email', keyword: 'format', params: { format: 'email' }, message: 'must match format "email"' },
          { instancePath: '/packages/0/weight', keyword: 'exclusiveMinimum', params: { comparison: '>', limit: 0 }, message: 'must be > 0' },
          {
            instancePath: '',
            keyword: 'required',
            params: { missingProperty: 'trackingNumber' },
            message: "must have required property 'trackingNumber'",
          },
        ]),
      );
      expect(e).toBeInstanceOf(AppError);
      expect(e.code).toBe('VALIDATION_FAILED');
      expect(e.statusCode).toBe(400);
      expect(e.details).toEqual([
        { field: 'body.customer.email', rule: 'format', message: 'must match format "email"' },
        { field: 'body.packages.0.weight', rule: 'exclusiveMinimum', message: 'must be > 0' },
        { field: 'body', rule: 'required', message: "must have required property 'trackingNumber'" },
      ]);
      expect(e.message).toBe(
        `Request validation failed: body.customer.email must match format "email"; body.packages.0.weight must be > 0; body must have required property 'trackingNumber'`,
      );
    });

    it('names the part of the request (querystring, params, headers)', () => {
      const issue = { instancePath: '/limit', keyword: 'maximum', params: { limit: 100 }, message: 'must be <= 100' };
      expect(toAppError(validationError([issue], 'querystring')).details).toEqual([
        { field: 'querystring.limit', rule: 'maximum', message: 'must be <= 100' },
      ]);
      expect((toAppError(validationError([{ ...issue, instancePath: '/id' }], 'params')).details as Array<{ field: string }>)[0]!.field).toBe(
        'params.id',
      );
    });

    it('defaults the context to body and the message to "is invalid"', () => {
      const err = validationError([{ instancePath: '/x', keyword: 'type', params: {} }]) as Error & { validationContext?: string };
      delete err.validationContext;
      expect(toAppError(err).details).toEqual([{ field: 'body.x', rule: 'type', message: 'is invalid' }]);
    });

    it('says which property is not allowed', () => {
      const e = toAppError(
        validationError([
          {
            instancePath: '',
            keyword: 'additionalProperties',
            params: { additionalProperty: 'isAdmin' },
            message: 'must NOT have additional properties',
          },
        ]),
      );
      expect(e.details).toEqual([
        { field: 'body', rule: 'additionalProperties', message: 'must NOT have additional properties', params: { additionalProperty: 'isAdmin' } },
      ]);
    });

    it('bounds the answer: at most 20 details, 3 in the message', () => {
      const issues = Array.from({ length: 50 }, (_, i) => ({ instancePath: `/f${i}`, keyword: 'type', params: {}, message: 'must be string' }));
      const e = toAppError(validationError(issues));
      expect(e.details).toHaveLength(20);
      expect(e.message.split(';')).toHaveLength(3);
      expect(e.message).not.toContain('body.f3 ');
    });
  });

  describe('Fastify content errors', () => {
    it('FST_ERR_CTP_INVALID_JSON_BODY → INVALID_JSON (400)', () => {
      const e = toAppError(new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY());
      expect(e).toMatchObject({ code: 'INVALID_JSON', statusCode: 400, message: 'Request body is not valid JSON' });
    });

    it('FST_ERR_CTP_EMPTY_JSON_BODY → INVALID_JSON (400)', () => {
      expect(toAppError(new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY())).toMatchObject({ code: 'INVALID_JSON', statusCode: 400 });
    });

    it('FST_ERR_CTP_BODY_TOO_LARGE → PAYLOAD_TOO_LARGE (413) naming the limit', () => {
      const e = toAppError(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE(), { bodyLimit: 1_048_576 });
      expect(e).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', statusCode: 413, message: 'Request body is larger than 1048576 bytes' });
    });

    it('FST_ERR_CTP_INVALID_MEDIA_TYPE → UNSUPPORTED_MEDIA_TYPE (415)', () => {
      const e = toAppError(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(), { contentType: 'text/xml' });
      expect(e).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', statusCode: 415 });
      expect(e.message).toContain('text/xml');
    });

    it('FST_ERR_CTP_INVALID_CONTENT_LENGTH and FST_ERR_BAD_URL → VALIDATION_FAILED (400)', () => {
      expect(toAppError(new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH())).toMatchObject({ code: 'VALIDATION_FAILED', statusCode: 400 });
      expect(toAppError(new errorCodes.FST_ERR_BAD_URL('%zz'))).toMatchObject({ code: 'VALIDATION_FAILED', statusCode: 400 });
    });
  });

  describe('other client errors stay 4xx with a stable code', () => {
    it('405 → METHOD_NOT_ALLOWED', () => {
      expect(toAppError(Object.assign(new Error('nope'), { statusCode: 405 }))).toMatchObject({ code: 'METHOD_NOT_ALLOWED', statusCode: 405 });
    });

    it('keeps any 4xx status the registry knows, else 400 (property)', () => {
      const known = new Set<number>(Object.values(ERRORS).map((e) => e.status));
      fc.assert(
        fc.property(fc.integer({ min: 400, max: 499 }), fc.string({ maxLength: 300 }), (status, msg) => {
          const e = toAppError(Object.assign(new Error(msg), { statusCode: status }));
          expect(e).toBeInstanceOf(AppError);
          expect(e.statusCode).toBe(known.has(status) ? status : 400);
          expect(ERRORS[e.code].status).toBe(e.statusCode);
          expect(e.message.length).toBeLessThanOrEqual(500);
        }),
      );
    });
  });

  describe('anything else → INTERNAL_ERROR (500), original text hidden', () => {
    const secret = 'connect ECONNREFUSED 10.0.0.5:5432 password=hunter2';

    it('an unknown Error', () => {
      const e = toAppError(new Error(secret));
      expect(e).toMatchObject({ code: 'INTERNAL_ERROR', statusCode: 500, message: 'Internal server error' });
      expect(e.details).toBeUndefined();
      expect(JSON.stringify({ m: e.message, d: e.details })).not.toContain('hunter2');
    });

    it('TypeError, RangeError, a 5xx error, errors with odd codes', () => {
      for (const err of [
        new TypeError(`Cannot read properties of undefined (reading '${secret}')`),
        new RangeError(secret),
        Object.assign(new Error(secret), { statusCode: 503 }),
        Object.assign(new Error(secret), { code: '23505' }),
        Object.assign(new Error(secret), { statusCode: '400' }), // not a number: not trusted
        new errorCodes.FST_ERR_CTP_EMPTY_TYPE(),
      ]) {
        const e = toAppError(err);
        expect(e.code).toBe('INTERNAL_ERROR');
        expect(e.statusCode).toBe(500);
        expect(e.message).toBe('Internal server error');
      }
    });

    it('a connection-level error is the database’s outage: 503 DATABASE_UNAVAILABLE, its text hidden too', () => {
      const e = toAppError(Object.assign(new Error(secret), { statusCode: 500, code: 'ECONNREFUSED' }));
      expect(e).toMatchObject({ code: 'DATABASE_UNAVAILABLE', statusCode: 503 });
      expect(e.message).not.toContain('hunter2');
      expect(e.message).not.toContain('10.0.0.5');
    });

    it.each([
      ['a string', secret],
      ['null', null],
      ['undefined', undefined],
      ['a number', 42],
      ['a plain object', { message: secret }],
      ['an array', [secret]],
    ])('a thrown %s', (_what, thrown) => {
      const e = toAppError(thrown);
      expect(e).toMatchObject({ code: 'INTERNAL_ERROR', statusCode: 500, message: 'Internal server error' });
    });

    it('never repeats the original message (property)', () => {
      fc.assert(
        fc.property(fc.string({ minLength: 1 }), fc.option(fc.integer({ min: 500, max: 599 }), { nil: undefined }), (msg, statusCode) => {
          const err = statusCode === undefined ? new Error(msg) : Object.assign(new Error(msg), { statusCode });
          const e = toAppError(err);
          expect(e.code).toBe('INTERNAL_ERROR');
          expect(e.message).toBe('Internal server error');
          expect(e.details).toBeUndefined();
        }),
      );
    });
  });
});
