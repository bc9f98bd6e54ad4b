import { expect } from 'vitest';
import type { DbCallGiven } from './given';

/**
 * One scenario per route of lambdas/contract/routes.ts: set up what the route
 * needs (not measured), then `g.measure(...)` the one request whose DynamoDB
 * calls are held to the route's budget (db-call-budget.test.ts). The request
 * must succeed: a refusal would cost less and prove nothing.
 *
 * A new route fails the budget test until it has a line here, for example:
 *   'GET /v1/queue': (g) => g.measure((u) => u.get('/v1/queue')),
 *   'DELETE /v1/media/{id}': async (g) => { const m = await g.media(); return g.measure((u) => u.delete(`/v1/media/${m.id}`)); },
 * (add a helper to given.ts when setting up takes more than a request).
 */
export type Scenario = (g: DbCallGiven) => Promise<{ status: number }>;

export const SCENARIOS: Record<string, Scenario> = {
  'GET /health': (g) => g.measure(() => g.anonymous.get('/health')),
  'GET /v1/me': (g) => g.measure((u) => u.get('/v1/me')),
  'PATCH /v1/me': (g) => g.measure((u) => u.patch('/v1/me', { timezone: 'Europe/Paris' })),
  'GET /v1/usage': (g) => g.measure((u) => u.get('/v1/usage')),
  'POST /v1/posts': (g) => g.measure((u) => u.post('/v1/posts', { content: 'A post to budget.' })),
  'GET /v1/posts': async (g) => { await g.post(); return g.measure((u) => u.get('/v1/posts?limit=20')); },
  'GET /v1/posts/{id}': async (g) => { const post = await g.post(); return g.measure((u) => u.get(`/v1/posts/${post.id}`)); },
  'PATCH /v1/posts/{id}': async (g) => { const post = await g.post(); return g.measure((u) => u.patch(`/v1/posts/${post.id}`, { content: 'Edited.' })); },
  'DELETE /v1/posts/{id}': async (g) => { const post = await g.scheduledPost(); return g.measure((u) => u.delete(`/v1/posts/${post.id}`)); },
  'POST /v1/posts/{id}/schedule': async (g) => { await g.connected(); const post = await g.post(); return g.measure((u) => u.post(`/v1/posts/${post.id}/schedule`, { scheduledAt: g.inHours(2) })); },
  'POST /v1/posts/{id}/unschedule': async (g) => { const post = await g.scheduledPost(); return g.measure((u) => u.post(`/v1/posts/${post.id}/unschedule`)); },
  'POST /v1/posts/{id}/publish': async (g) => { await g.connected(); const post = await g.post(); return g.measure((u) => u.post(`/v1/posts/${post.id}/publish`)); },
  'POST /v1/linkedin/connect': (g) => g.measure((u) => u.post('/v1/linkedin/connect', {})),
  'GET /v1/linkedin/callback': async (g) => { const callback = await g.linkedInCallbackUrl(); return g.measure(() => g.raw(callback)); },
  'POST /v1/linkedin/complete': async (g) => { const handOver = await g.linkedInHandOver(); return g.measure((u) => u.post('/v1/linkedin/complete', handOver)); },
  'DELETE /v1/linkedin': async (g) => { await g.connected(); return g.measure((u) => u.delete('/v1/linkedin')); },
  'POST /v1/ai/drafts': (g) => g.measure((u) => u.post('/v1/ai/drafts', { topic: 'Budgets for database calls', variants: 1 })),
  'POST /v1/ai/rewrite': (g) => g.measure((u) => u.post('/v1/ai/rewrite', { content: 'A post to make shorter.', instruction: 'shorter' })),
  'POST /v1/media': (g) => g.measure((u) => u.post('/v1/media', { kind: 'image', contentType: 'image/jpeg', size: 12_345, fileName: 'photo.jpg' })),
  'GET /v1/media/{id}': async (g) => { const m = await g.media(); return g.measure((u) => u.get(`/v1/media/${m.id}`)); },
  'DELETE /v1/media/{id}': async (g) => { const m = await g.media(); return g.measure((u) => u.delete(`/v1/media/${m.id}`)); },
  'POST /v1/media/{id}/complete': async (g) => { const m = await g.uploadedMedia(); return g.measure((u) => u.post(`/v1/media/${m.id}/complete`)); },
  'GET /v1/me/notifications': (g) => g.measure((u) => u.get('/v1/me/notifications')),
  'PATCH /v1/me/notifications': (g) => g.measure((u) => u.patch('/v1/me/notifications', { preferences: { weeklySummary: true } })),
  'GET /v1/notifications/unsubscribe': (g) => g.measure(() => g.raw(`/v1/notifications/unsubscribe?token=${g.unsubscribeToken()}`)),
  'POST /v1/notifications/unsubscribe': (g) =>
    g.measure(() => g.anonymous.post(`/v1/notifications/unsubscribe?token=${g.unsubscribeToken()}`, 'List-Unsubscribe=One-Click')),
  'DELETE /v1/me': async (g) => { const confirm = await g.email(); return g.measure((u) => u.request('DELETE', '/v1/me', { json: { confirm } })); },
  'GET /v1/me/export': async (g) => { await g.post(); return g.measure((u) => u.get('/v1/me/export')); },
  'GET /v1/media/{id}/download': async (g) => {
    const m = await g.readyMedia();
    return g.measure(() => g.raw(`/v1/media/${m.id}/download?token=${encodeURIComponent(g.downloadToken(m.id))}`));
  },
  'GET /v1/me/voice': (g) => g.measure((u) => u.get('/v1/me/voice')),
  'PUT /v1/me/voice': (g) => g.measure((u) => u.request('PUT', '/v1/me/voice', { json: { styleProfile: 'Short and warm.', examples: ['Hello LinkedIn'] } })),
  'GET /v1/me/schedule': (g) => g.measure((u) => u.get('/v1/me/schedule')),
  'PUT /v1/me/schedule': (g) => g.measure((u) => u.request('PUT', '/v1/me/schedule', { json: { slots: [{ day: 'mon', time: '09:00' }, { day: 'thu', time: '12:30' }] } })),
  'POST /v1/posts/{id}/queue': async (g) => { await g.connected(); const post = await g.post(); return g.measure((u) => u.post(`/v1/posts/${post.id}/queue`)); },
  'GET /v1/queue': async (g) => { await g.queuedPost(); return g.measure((u) => u.get('/v1/queue')); },
  'POST /v1/queue/reorder': async (g) => {
    const [first, second] = [await g.queuedPost(), await g.queuedPost()];
    // As the web app asks: naming the post it shows at that time, which comes in the first read.
    return g.measure((u) => u.post('/v1/queue/reorder', { postId: second.id, at: first.scheduledAt, swapWith: first.id }));
  },
  'POST /v1/queue/pause': (g) => g.measure((u) => u.post('/v1/queue/pause')),
  'POST /v1/queue/resume': async (g) => { expect((await g.user.post('/v1/queue/pause')).status).toBe(200); return g.measure((u) => u.post('/v1/queue/resume')); },
  'PUT /v1/posts/{id}/evergreen': async (g) => { const post = await g.publishedPost(); return g.measure((u) => u.request('PUT', `/v1/posts/${post.id}/evergreen`, { json: { gapDays: 30, approval: 'approve' } })); },
  'DELETE /v1/posts/{id}/evergreen': async (g) => {
    const post = await g.publishedPost();
    expect((await g.user.request('PUT', `/v1/posts/${post.id}/evergreen`, { json: { gapDays: 30, approval: 'approve' } })).status).toBe(200);
    return g.measure((u) => u.delete(`/v1/posts/${post.id}/evergreen`));
  },
};
