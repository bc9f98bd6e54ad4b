import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type ApiClient, type TestApp } from './support/test-runtime';

let app: TestApp;
let ada: ApiClient;

beforeAll(async () => {
  app = await startTestApp();
  ada = await app.signIn('ada@example.com');
});
afterAll(() => app?.stop());

const POST_FIELDS = ['id', 'content', 'status', 'statusDetail', 'media', 'poll', 'documentTitle', 'scheduledAt', 'publishedAt', 'linkedinUrn', 'linkedinUrl', 'error', 'createdAt', 'updatedAt', 'version', 'queue', 'evergreen', 'evergreenOf'];

describe('POST /v1/posts', () => {
  it('creates a draft and returns it with every field, absent ones as null', async () => {
    const res = await ada.post('/v1/posts', { content: '  Hello LinkedIn  ' });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual([...POST_FIELDS].sort());
    expect(res.body).toMatchObject({
      content: 'Hello LinkedIn',
      status: 'draft',
      scheduledAt: null,
      publishedAt: null,
      linkedinUrn: null,
      linkedinUrl: null,
      error: null,
      statusDetail: null,
      media: [],
      poll: null,
      documentTitle: null,
      version: 1,
      queue: null,
      evergreen: null,
      evergreenOf: null,
    });
    expect(res.body.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(res.headers.get('location')).toBe(`/v1/posts/${res.body.id}`);
  });

  it('rejects empty, whitespace-only and over-long content with 400 and a field detail', async () => {
    for (const content of ['', '   \n ']) {
      const res = await ada.post('/v1/posts', { content });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
      expect(res.body.error.details).toEqual([{ field: 'content', message: 'must not be empty without media or a poll' }]);
    }
    const long = await ada.post('/v1/posts', { content: 'x'.repeat(10_001) });
    expect(long.status).toBe(400);
    expect(long.body.error.details).toEqual([
      { field: 'content', message: 'must be at most 10000 characters after trimming, even for a draft (it is 10001); LinkedIn takes 3000' },
    ]);
  });

  it('takes the id the client made: the same create sent again (its answer lost) returns that post, not a second one', async () => {
    const user = await app.signIn('retrying-creator@example.com');
    const id = ulid();
    const first = await user.post('/v1/posts', { id, content: 'Saved once, however often it is sent' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ id, version: 1, status: 'draft' });
    const again = await user.post('/v1/posts', { id, content: 'Saved once, however often it is sent' });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect((await user.get('/v1/posts?status=draft')).body.items.map((p: { id: string }) => p.id)).toEqual([id]);
    expect((await user.get('/v1/me')).body.postCounts).toMatchObject({ draft: 1 });

    const other = await user.post('/v1/posts', { id, content: 'Another text under the same id' });
    expect(other.status).toBe(409);
    expect(other.body.error).toMatchObject({ code: 'POST_ID_TAKEN', details: [{ field: 'id', message: 'is taken' }] });
    expect((await user.get(`/v1/posts/${id}`)).body.content).toBe('Saved once, however often it is sent');
  });

  it('refuses a client id that is no ULID, and takes one from a device whose clock is off', async () => {
    const malformed = await ada.post('/v1/posts', { id: 'post-1', content: 'x' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details).toEqual([{ field: 'id', message: 'must be a ULID (26 characters: digits and capital letters without I, L, O, U), made for this new post' }]);
    const offClock = await ada.post('/v1/posts', { id: ulid(Date.parse('2020-01-01T00:00:00Z')), content: 'Written on a laptop that thinks it is 2020' });
    expect(offClock.status).toBe(201);
  });

  it('counts characters, not UTF-16 units: 3000 emoji fit', async () => {
    const res = await ada.post('/v1/posts', { content: '🚀'.repeat(3000) });
    expect(res.status).toBe(201);
  });

  it('rejects unknown fields, wrong types and missing content by name', async () => {
    const unknown = await ada.post('/v1/posts', { content: 'ok', contnet: 'typo' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([{ field: 'contnet', message: 'unknown field "contnet"' }]);

    const wrongType = await ada.post('/v1/posts', { content: 42 });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.details[0]).toEqual({ field: 'content', message: 'must be a string' });

    const missing = await ada.post('/v1/posts', {});
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual([{ field: 'content', message: 'is required' }]);
  });

  it('answers 400 for malformed JSON and non-object JSON', async () => {
    for (const body of ['{"content": ', '[1,2]', '"text"', 'null']) {
      const res = await ada.request('POST', '/v1/posts', { body, headers: { 'Content-Type': 'application/json' } });
      expect(res.status, body).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
    }
  });

  it('answers 415 for a body that is not JSON', async () => {
    const res = await ada.request('POST', '/v1/posts', { body: 'content=hi', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers 400 for a body that is not UTF-8, or holds a lone surrogate or a NUL, and 415 for another charset: nothing is saved', async () => {
    const before = (await ada.get<{ items: unknown[] }>('/v1/posts?limit=100')).body.items.length;
    const latin1 = Buffer.concat([Buffer.from('{"content":"caf'), Buffer.from([0xe9, 0xff, 0xfe, 0xc3, 0x28]), Buffer.from('"}')]);
    const notUtf8 = await ada.request('POST', '/v1/posts', { body: latin1, headers: { 'Content-Type': 'application/json' } });
    expect(notUtf8.status).toBe(400);
    expect(notUtf8.body.error.message).toMatch(/not valid UTF-8/);
    for (const escaped of ['surrogate \\ud800 alone', 'low \\udfff first', 'nul \\u0000 inside']) {
      const res = await ada.request('POST', '/v1/posts', { body: `{"content":"${escaped}"}`, headers: { 'Content-Type': 'application/json' } });
      expect(res.status, escaped).toBe(400);
      expect(res.body.error.details).toEqual([{ field: 'content', message: 'holds a lone surrogate or a NUL character' }]);
    }
    // A pair is one character (😀), escaped or not: taken.
    const pair = await ada.request('POST', '/v1/posts', { body: '{"content":"pair \\ud83d\\ude00 😀"}', headers: { 'Content-Type': 'application/json' } });
    expect(pair.status).toBe(201);
    expect(pair.body.content).toBe('pair 😀 😀');
    const charset = await ada.request('POST', '/v1/posts', { body: '{"content":"hi"}', headers: { 'Content-Type': 'application/json; charset=iso-8859-1' } });
    expect(charset.status).toBe(415);
    expect((await ada.request('POST', '/v1/posts', { body: '{"content":"hi utf8"}', headers: { 'Content-Type': 'application/json; charset=UTF-8' } })).status).toBe(201);
    expect((await ada.get<{ items: unknown[] }>('/v1/posts?limit=100')).body.items.length).toBe(before + 2);
  });

  it('answers 400 for a route whose body is required when it comes empty (a PUT without its body changes nothing)', async () => {
    expect((await ada.request('PUT', '/v1/me/voice', { json: { styleProfile: 'Short sentences.' } })).status).toBe(200);
    for (const init of [{}, { body: '', headers: { 'Content-Type': 'application/json' } }, { body: '  ', headers: { 'Content-Type': 'text/plain' } }]) {
      const res = await ada.request('PUT', '/v1/me/voice', init);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/needs a JSON body/);
    }
    expect((await ada.get<{ styleProfile: string }>('/v1/me/voice')).body.styleProfile).toBe('Short sentences.');
    // The one route whose body may be left out: starting a LinkedIn connection.
    expect((await ada.request('POST', '/v1/linkedin/connect')).status).toBe(200);
  });

  it('answers 413 for a body over 64 KB', async () => {
    const res = await ada.post('/v1/posts', { content: 'x'.repeat(70 * 1024) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('GET /v1/posts', () => {
  it('lists newest first, pages with an opaque cursor, and filters by status', async () => {
    const user = await app.signIn();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await user.post('/v1/posts', { content: `post ${i}` })).body.id);

    const first = await user.get('/v1/posts?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items.map((p: { id: string }) => p.id)).toEqual([ids[4], ids[3]]);
    expect(typeof first.body.nextCursor).toBe('string');

    const second = await user.get(`/v1/posts?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body.items.map((p: { id: string }) => p.id)).toEqual([ids[2], ids[1]]);
    const third = await user.get(`/v1/posts?limit=2&cursor=${encodeURIComponent(second.body.nextCursor)}`);
    expect(third.body.items.map((p: { id: string }) => p.id)).toEqual([ids[0]]);

    const drafts = await user.get('/v1/posts?status=draft&limit=100');
    expect(drafts.body.items).toHaveLength(5);
    expect(drafts.body.nextCursor).toBeNull();
    const published = await user.get('/v1/posts?status=published');
    expect(published.body).toEqual({ items: [], nextCursor: null });
  });

  it('defaults to 20 items per page', async () => {
    const user = await app.signIn();
    for (let i = 0; i < 21; i++) await user.post('/v1/posts', { content: `p${i}` });
    const res = await user.get('/v1/posts');
    expect(res.body.items).toHaveLength(20);
    expect(res.body.nextCursor).not.toBeNull();
  });

  it('rejects bad limits, statuses and unknown parameters with 400', async () => {
    for (const query of ['limit=0', 'limit=101', 'limit=abc', 'limit=1.5', 'status=archived', 'sort=asc', 'cursor=']) {
      const res = await ada.get(`/v1/posts?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
    }
  });

  it('rejects a cursor edited by hand, from another query, or from another user', async () => {
    const owner = await app.signIn();
    for (let i = 0; i < 3; i++) await owner.post('/v1/posts', { content: `c${i}` });
    const { nextCursor } = (await owner.get('/v1/posts?limit=1')).body;
    const [payload, signature] = (nextCursor as string).split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), PK: `USER#${ada.userId}` }),
    ).toString('base64url');

    const edited = await owner.get(`/v1/posts?limit=1&cursor=${encodeURIComponent(`${forged}.${signature}`)}`);
    expect(edited.status).toBe(400);
    expect(edited.body.error.details).toEqual([{ field: 'cursor', message: 'is not valid for this list' }]);

    const otherQuery = await owner.get(`/v1/posts?status=draft&limit=1&cursor=${encodeURIComponent(nextCursor)}`);
    expect(otherQuery.status).toBe(400);

    const stolen = await ada.get(`/v1/posts?limit=1&cursor=${encodeURIComponent(nextCursor)}`);
    expect(stolen.status).toBe(400);

    const garbage = await owner.get('/v1/posts?cursor=not-a-cursor');
    expect(garbage.status).toBe(400);
  });
});

describe('GET, PATCH, DELETE /v1/posts/{id}', () => {
  it('reads, edits (version +1) and deletes a post', async () => {
    const created = (await ada.post('/v1/posts', { content: 'first' })).body;
    const read = await ada.get(`/v1/posts/${created.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created);

    const edited = await ada.patch(`/v1/posts/${created.id}`, { content: 'second' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ id: created.id, content: 'second', version: 2, status: 'draft', createdAt: created.createdAt });
    expect(edited.body.updatedAt >= created.updatedAt).toBe(true);

    const deleted = await ada.delete(`/v1/posts/${created.id}`);
    expect(deleted.status).toBe(204);
    expect((await ada.get(`/v1/posts/${created.id}`)).status).toBe(404);
    expect((await ada.delete(`/v1/posts/${created.id}`)).status).toBe(404);
  });

  it('refuses an edit based on a stale version with 409', async () => {
    const created = (await ada.post('/v1/posts', { content: 'v1' })).body;
    expect((await ada.patch(`/v1/posts/${created.id}`, { content: 'v2', version: 1 })).status).toBe(200);
    const stale = await ada.patch(`/v1/posts/${created.id}`, { content: 'v2b', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_MISMATCH');
    expect((await ada.get(`/v1/posts/${created.id}`)).body.content).toBe('v2');
  });

  it('keeps every concurrent edit as its own version (no lost update)', async () => {
    const created = (await ada.post('/v1/posts', { content: 'start' })).body;
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => ada.patch(`/v1/posts/${created.id}`, { content: `edit ${i}` })));
    const ok = results.filter((r) => r.status === 200);
    for (const r of results) expect([200, 409]).toContain(r.status);
    const versions = ok.map((r) => r.body.version).sort();
    expect(new Set(versions).size).toBe(versions.length);
    const final = (await ada.get(`/v1/posts/${created.id}`)).body;
    expect(final.version).toBe(1 + ok.length);
  });

  it('answers 404 for ids that do not exist or cannot exist', async () => {
    for (const id of ['01ARZ3NDEKTSV4RRFFQ69G5FAV', 'nope', '%F0%9F%9A%80', '..%2F..%2Fetc']) {
      const res = await ada.get(`/v1/posts/${id}`);
      expect(res.status, id).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
  });

  it('validates PATCH bodies like POST bodies', async () => {
    const created = (await ada.post('/v1/posts', { content: 'x' })).body;
    expect((await ada.patch(`/v1/posts/${created.id}`, { content: '' })).status).toBe(400);
    expect((await ada.patch(`/v1/posts/${created.id}`, { content: 'ok', status: 'published' })).status).toBe(400);
    expect((await ada.patch(`/v1/posts/${created.id}`, { content: 'ok', version: 'one' })).status).toBe(400);
  });
});

describe('isolation between users', () => {
  it('answers 404 on every posts route for another user’s post, and changes nothing', async () => {
    const owner = await app.signIn();
    const intruder = await app.signIn();
    const post = (await owner.post('/v1/posts', { content: 'mine' })).body;

    expect((await intruder.get(`/v1/posts/${post.id}`)).status).toBe(404);
    expect((await intruder.patch(`/v1/posts/${post.id}`, { content: 'yours now' })).status).toBe(404);
    expect((await intruder.delete(`/v1/posts/${post.id}`)).status).toBe(404);
    expect((await intruder.get('/v1/posts')).body.items).toEqual([]);

    const after = await owner.get(`/v1/posts/${post.id}`);
    expect(after.body).toEqual(post);
  });
});
