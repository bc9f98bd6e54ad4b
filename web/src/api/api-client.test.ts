// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApiClient, REQUEST_TIMEOUT_MS, type TokenSource } from './api-client';
import { ApiError } from './api-error';
import { createMarkApi } from './mark-api';

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

function fakeFetch(responses: (() => Response)[]) {
  const calls: Call[] = [];
  const impl = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers: (init?.headers ?? {}) as Record<string, string>,
      body: init?.body as string | undefined,
    });
    const next = responses.shift();
    if (!next) throw new Error('no more responses');
    return next();
  });
  return { impl: impl as unknown as typeof fetch, calls };
}

const tokens = (overrides: Partial<TokenSource> = {}): TokenSource => ({
  getToken: async () => 'tok-1',
  onUnauthorized: vi.fn(),
  ...overrides,
});

const unauthorized = () =>
  new Response(JSON.stringify({ error: { code: 'UNAUTHORIZED', message: 'Sign in first: the bearer token is missing, expired or invalid.', details: [] } }), {
    status: 401,
  });

describe('createApiClient', () => {
  it('sends the bearer token, JSON body and query to the configured API URL', async () => {
    const { impl, calls } = fakeFetch([() => new Response(JSON.stringify({ id: 'x' }), { status: 201 })]);
    const client = createApiClient({ apiUrl: 'https://api.example.com/prod', tokens: tokens(), fetch: impl });
    const result = await client.request<{ id: string }>('POST', '/v1/posts', { json: { content: 'Hi' }, query: { a: 1, b: undefined } });
    expect(result).toEqual({ id: 'x' });
    expect(calls[0]).toMatchObject({
      url: 'https://api.example.com/prod/v1/posts?a=1',
      method: 'POST',
      body: '{"content":"Hi"}',
    });
    expect(calls[0]!.headers['Authorization']).toBe('Bearer tok-1');
    expect(calls[0]!.headers['Content-Type']).toBe('application/json');
  });

  it('returns undefined for 204 No Content', async () => {
    const { impl } = fakeFetch([() => new Response(null, { status: 204 })]);
    const client = createApiClient({ apiUrl: '', tokens: tokens(), fetch: impl });
    await expect(client.request('DELETE', '/v1/posts/1')).resolves.toBeUndefined();
  });

  it('throws the API error with its words for a 409', async () => {
    const { impl } = fakeFetch([
      () => new Response(JSON.stringify({ error: { code: 'VERSION_MISMATCH', message: 'The post changed since you loaded it.', details: [] } }), { status: 409 }),
    ]);
    const client = createApiClient({ apiUrl: '', tokens: tokens(), fetch: impl });
    const error = await client.request('PATCH', '/v1/posts/1', { json: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'VERSION_MISMATCH', message: 'The post changed since you loaded it.' });
  });

  it('refreshes the token once after a 401 and retries with the new one', async () => {
    let token = 'old';
    const { impl, calls } = fakeFetch([unauthorized, () => new Response('{"ok":true}', { status: 200 })]);
    const source = tokens({
      getToken: async () => token,
      refresh: async () => {
        token = 'new';
        return true;
      },
    });
    const client = createApiClient({ apiUrl: '', tokens: source, fetch: impl });
    await expect(client.request('GET', '/v1/me')).resolves.toEqual({ ok: true });
    expect(calls.map((c) => c.headers['Authorization'])).toEqual(['Bearer old', 'Bearer new']);
    expect(source.onUnauthorized).not.toHaveBeenCalled();
  });

  it('reports the end of the session when a 401 cannot be refreshed', async () => {
    const { impl } = fakeFetch([unauthorized]);
    const source = tokens({ refresh: async () => false });
    const client = createApiClient({ apiUrl: '', tokens: source, fetch: impl });
    await expect(client.request('GET', '/v1/me')).rejects.toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    expect(source.onUnauthorized).toHaveBeenCalledTimes(1);
  });

  const throttled = (retryAfter: string) => () =>
    new Response(JSON.stringify({ error: { code: 'THROTTLED', message: 'Too many requests at once for your plan.', details: [] } }), {
      status: 429,
      headers: { 'Retry-After': retryAfter },
    });

  it('sends a request the rate limit refused again after the wait it names, so a burst of page loads never shows it', async () => {
    const { impl, calls } = fakeFetch([throttled('1'), throttled('2'), () => new Response(JSON.stringify({ id: 'p1' }), { status: 201 })]);
    const waits: number[] = [];
    const client = createApiClient({ apiUrl: '', tokens: tokens(), fetch: impl, sleep: async (ms) => void waits.push(ms) });
    await expect(client.request('POST', '/v1/posts', { json: { content: 'Hi' } })).resolves.toEqual({ id: 'p1' });
    expect(calls.map((c) => `${c.method} ${c.body}`)).toEqual(Array(3).fill('POST {"content":"Hi"}'));
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(1000);
    expect(waits[0]).toBeLessThan(1250);
    expect(waits[1]).toBeGreaterThanOrEqual(2000);
    expect(waits[1]).toBeLessThan(2250);
  });

  it('gives up after three waits, and shows a long wait (the daily quota) at once with when to try again', async () => {
    const short = fakeFetch([throttled('1'), throttled('1'), throttled('1'), throttled('1')]);
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    const client = createApiClient({ apiUrl: '', tokens: tokens(), fetch: short.impl, sleep });
    await expect(client.request('GET', '/v1/posts')).rejects.toMatchObject({ status: 429, code: 'THROTTLED', retryAfterSeconds: 1 });
    expect(short.calls).toHaveLength(4);
    expect(waits).toHaveLength(3);

    const long = fakeFetch([throttled('3600')]);
    const daily = createApiClient({ apiUrl: '', tokens: tokens(), fetch: long.impl, sleep });
    await expect(daily.request('GET', '/v1/posts')).rejects.toMatchObject({ status: 429, retryAfterSeconds: 3600 });
    expect(long.calls).toHaveLength(1);
    expect(waits).toHaveLength(3);
  });

  it('turns a network failure into a NETWORK_ERROR the user can read', async () => {
    const impl = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    const client = createApiClient({ apiUrl: '', tokens: tokens(), fetch: impl });
    await expect(client.request('GET', '/v1/me')).rejects.toMatchObject({
      status: 0,
      code: 'NETWORK_ERROR',
      message: 'Could not reach Mark.0. Check your connection and try again.',
    });
  });
});

/** A fetch that never answers: it rejects only when its signal aborts, as a browser's does. */
function silentFetch() {
  let signal: AbortSignal | undefined;
  let started!: () => void;
  const called = new Promise<void>((resolve) => (started = resolve));
  const impl = ((_input: RequestInfo | URL, init?: RequestInit) =>
    new Promise<Response>((_resolve, reject) => {
      signal = init?.signal ?? undefined;
      started();
      if (signal?.aborted) reject(signal.reason);
      signal?.addEventListener('abort', () => reject(signal!.reason), { once: true });
    })) as typeof fetch;
  return { impl, called, signal: () => signal };
}

describe('createApiClient time limit', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives a request no answer has come for in 35 s up, as a TIMEOUT that says what to do', async () => {
    vi.useFakeTimers();
    const silent = silentFetch();
    const client = createApiClient({ apiUrl: '', tokens: tokens(), fetch: silent.impl });
    const outcome = client.request('GET', '/v1/posts/p1').catch((e: unknown) => e);
    await silent.called;
    expect(REQUEST_TIMEOUT_MS).toBe(35_000);
    await vi.advanceTimersByTimeAsync(REQUEST_TIMEOUT_MS - 1);
    expect(silent.signal()?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 0,
      code: 'TIMEOUT',
      message: 'Mark.0 did not answer in time; check your connection and try again.',
    });
  });

  it('takes its time limit from the options', async () => {
    vi.useFakeTimers();
    const silent = silentFetch();
    const client = createApiClient({ apiUrl: '', tokens: tokens(), fetch: silent.impl, timeoutMs: 1000 });
    const outcome = client.request('POST', '/v1/posts', { json: { content: 'Hi' } }).catch((e: unknown) => e);
    await silent.called;
    await vi.advanceTimersByTimeAsync(1000);
    await expect(outcome).resolves.toMatchObject({ code: 'TIMEOUT' });
  });

  it("still honours the caller's own abort, passing its error on rather than a timeout", async () => {
    const silent = silentFetch();
    const client = createApiClient({ apiUrl: '', tokens: tokens(), fetch: silent.impl });
    const caller = new AbortController();
    const outcome = client.request('GET', '/v1/posts', { signal: caller.signal }).catch((e: unknown) => e);
    await silent.called;
    caller.abort();
    const error = await outcome;
    expect(error).not.toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(silent.signal()?.aborted).toBe(true);
  });

  it('does not start a request whose caller has already aborted', async () => {
    const silent = silentFetch();
    const client = createApiClient({ apiUrl: '', tokens: tokens(), fetch: silent.impl });
    const outcome = client.request('GET', '/v1/posts', { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    await silent.called;
    await expect(outcome).resolves.toMatchObject({ name: 'AbortError' });
  });

  it('stops the clock once the answer comes, so a request answered in time is never aborted', async () => {
    vi.useFakeTimers();
    let signal: AbortSignal | undefined;
    const impl = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      signal = init?.signal ?? undefined;
      return new Response('{"ok":true}', { status: 200 });
    }) as typeof fetch;
    const client = createApiClient({ apiUrl: '', tokens: tokens(), fetch: impl });
    await expect(client.request('GET', '/v1/me')).resolves.toEqual({ ok: true });
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(REQUEST_TIMEOUT_MS);
    expect(signal?.aborted).toBe(false);
  });
});

describe('createMarkApi', () => {
  it('sends version with an edit only when given, and encodes ids in paths', async () => {
    const { impl, calls } = fakeFetch([() => new Response('{}', { status: 200 }), () => new Response('{}', { status: 200 })]);
    const api = createMarkApi(createApiClient({ apiUrl: '', tokens: tokens(), fetch: impl }));
    await api.updatePost('01ABC', 'text', 3);
    await api.updatePost('a/b', 'text');
    expect(calls[0]).toMatchObject({ url: '/v1/posts/01ABC', method: 'PATCH', body: '{"content":"text","version":3}' });
    expect(calls[1]).toMatchObject({ url: '/v1/posts/a%2Fb', body: '{"content":"text"}' });
  });

  it('lists with status, limit and cursor, and normalises a missing nextCursor to null', async () => {
    const { impl, calls } = fakeFetch([() => new Response('{"items":[]}', { status: 200 })]);
    const api = createMarkApi(createApiClient({ apiUrl: '', tokens: tokens(), fetch: impl }));
    await expect(api.listPosts({ status: 'draft', limit: 20, cursor: 'c/1' })).resolves.toEqual({ items: [], nextCursor: null });
    expect(calls[0]!.url).toBe('/v1/posts?status=draft&limit=20&cursor=c%2F1');
  });
});
