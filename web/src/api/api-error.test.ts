// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { ApiError, describeWait, parseErrorResponse } from './api-error';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

describe('parseErrorResponse', () => {
  it('keeps the API code, message and field details as the API words them', async () => {
    const error = await parseErrorResponse(
      json(400, {
        error: {
          code: 'VALIDATION_ERROR',
          message: 'Invalid request body: content: must not be empty',
          details: [{ field: 'content', message: 'must not be empty' }],
        },
      }),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.message).toBe('Invalid request body: content: must not be empty');
    expect(error.detailFor('content')).toBe('must not be empty');
    expect(error.detailFor('email')).toBeUndefined();
  });

  it('drops malformed detail entries instead of failing', async () => {
    const error = await parseErrorResponse(json(400, { error: { code: 'X', message: 'm', details: [{ field: 'a' }, 'junk', { field: 'b', message: 'ok' }] } }));
    expect(error.details).toEqual([{ field: 'b', message: 'ok' }]);
  });

  it('reads Retry-After seconds from a 429', async () => {
    const error = await parseErrorResponse(json(429, { error: { code: 'TOO_MANY_REQUESTS', message: 'Slow down.', details: [] } }, { 'Retry-After': '30' }));
    expect(error.retryAfterSeconds).toBe(30);
    expect(error.message).toBe('Slow down.');
  });

  it("uses API Gateway's bare {message} body when there is no error object", async () => {
    const error = await parseErrorResponse(json(403, { message: 'Forbidden' }));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toBe('Forbidden');
  });

  it('gives a plain message for a non-JSON body such as a proxy error page', async () => {
    const error = await parseErrorResponse(new Response('<html>502 Bad Gateway</html>', { status: 502 }));
    expect(error.code).toBe('SERVER_ERROR');
    expect(error.message).toBe('Mark.0 had a problem answering (HTTP 502). Try again in a moment.');
  });
});

describe('Retry-After on an error (read by the contract\'s one parser)', () => {
  const now = new Date('2026-03-01T10:00:00Z');
  const retryAfter = async (header?: string) => {
    const headers: Record<string, string> = header === undefined ? {} : { 'Retry-After': header };
    return (await parseErrorResponse(json(429, { error: { code: 'TOO_MANY_REQUESTS', message: 'Slow down.', details: [] } }, headers), now)).retryAfterSeconds;
  };
  it('accepts delay-seconds and HTTP dates, and ignores nonsense', async () => {
    expect(await retryAfter('120')).toBe(120);
    expect(await retryAfter('Sun, 01 Mar 2026 10:01:30 GMT')).toBe(90);
    expect(await retryAfter('Sun, 01 Mar 2026 09:00:00 GMT')).toBe(0);
    expect(await retryAfter('soon')).toBeUndefined();
    expect(await retryAfter()).toBeUndefined();
  });
});

describe('describeWait', () => {
  it('says seconds, then minutes, then hours', () => {
    expect(describeWait(1)).toBe('in a second');
    expect(describeWait(30)).toBe('in 30 seconds');
    expect(describeWait(600)).toBe('in 10 minutes');
    expect(describeWait(7200)).toBe('in 2 hours');
  });
});
