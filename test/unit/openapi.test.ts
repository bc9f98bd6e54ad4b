import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROUTES } from '@contract/routes';
import { toPostView, type Post } from '@lambdas/core/posts/post';
import { toMeView } from '@lambdas/core/users/user';
import { NOT_CONNECTED_VIEW } from '@lambdas/core/linkedin/connection';
import { TIER_NAMES } from '@contract/tiers';

import { toVoiceView } from '@lambdas/core/ai/voice';
import { draftsSchema } from '@lambdas/core/ai/ai-input';
import { DRAFT_LENGTHS } from '@contract/api/ai';
import type { UsageView } from '@contract/api/account';
import { POST_STATUSES } from '@contract/api/posts';

interface Operation {
  security?: unknown[];
  responses: Record<string, unknown>;
}
const doc = parse(readFileSync(resolve(import.meta.dirname, '../../docs/openapi.yaml'), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { required?: string[]; properties?: Record<string, unknown>; enum?: string[] }> };
};
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function documentedOperations(): string[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((key) => METHODS.includes(key))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}

describe('docs/openapi.yaml', () => {
  it('documents exactly the routes the API serves', () => {
    const served = ROUTES.map((r) => `${r.method} ${r.path}`).sort();
    expect(documentedOperations().sort()).toEqual(served);
  });

  it('marks public routes as needing no token and every other route as bearer-protected', () => {
    for (const route of ROUTES) {
      const operation = doc.paths[route.path]![route.method.toLowerCase()]!;
      if (route.auth === 'none') expect(operation.security, `${route.method} ${route.path}`).toEqual([]);
      else {
        expect(operation.security, `${route.method} ${route.path}`).toBeUndefined();
        expect(Object.keys(operation.responses), `${route.method} ${route.path}`).toContain('401');
        // Every user route is metered against the tier (and every route against the per-IP rules).
        expect(Object.keys(operation.responses), `${route.method} ${route.path}`).toContain('429');
      }
    }
  });

  it('describes the post exactly as the API returns it', () => {
    const post: Post = {
      userId: 'u',
      id: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
      content: 'x',
      status: 'draft',
      scheduledAt: null,
      publishedAt: null,
      linkedinUrn: null,
      error: null,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      version: 1,
    };
    const schema = doc.components.schemas['Post']!;
    expect([...schema.required!].sort()).toEqual(Object.keys(toPostView(post)).sort());
    expect(Object.keys(schema.properties!).sort()).toEqual(Object.keys(toPostView(post)).sort());
    expect(doc.components.schemas['PostStatus']!.enum).toEqual([...POST_STATUSES]);
  });

  it('describes /v1/me exactly as the API returns it', () => {
    const me = toMeView({ userId: 'u', email: 'e', tier: 'free', createdAt: 'c', timezone: null }, NOT_CONNECTED_VIEW);
    expect([...doc.components.schemas['Me']!.required!].sort()).toEqual(Object.keys(me).sort());
    const linkedin = doc.components.schemas['LinkedInConnection']!;
    expect([...linkedin.required!].sort()).toEqual(Object.keys(NOT_CONNECTED_VIEW).sort());
    expect(Object.keys(linkedin.properties!).sort()).toEqual(Object.keys(NOT_CONNECTED_VIEW).sort());
    expect((doc.components.schemas['Me']!.properties!['tier'] as { enum: string[] }).enum).toEqual([...TIER_NAMES]);
  });

  it('describes /v1/usage exactly as the API returns it', () => {
    const usage: UsageView = {
      tier: 'free',
      limits: { rateLimit: 1, burstLimit: 1, requestsPerDay: 1, aiGenerationsPerDay: 1, maxScheduledPosts: 1 },
      today: { requests: 0, aiGenerations: 0 },
      scheduledPosts: 0,
      resetsAt: '2026-01-02T00:00:00.000Z',
    };
    const schema = doc.components.schemas['Usage'] as { required: string[]; properties: Record<string, { required?: string[]; enum?: string[] }> };
    expect([...schema.required].sort()).toEqual(Object.keys(usage).sort());
    expect([...schema.properties['limits']!.required!].sort()).toEqual(Object.keys(usage.limits).sort());
    expect([...schema.properties['today']!.required!].sort()).toEqual(Object.keys(usage.today).sort());
    expect(schema.properties['tier']!.enum).toEqual([...TIER_NAMES]);
  });

  it('describes the voice and the AI drafts request as the API reads and returns them', () => {
    const voice = toVoiceView(undefined);
    expect([...doc.components.schemas['Voice']!.required!].sort()).toEqual(Object.keys(voice).sort());
    const drafts = doc.components.schemas['AiDraftsRequest']!;
    expect(Object.keys(drafts.properties!).sort()).toEqual(Object.keys(draftsSchema.def.shape).sort());
    expect((drafts.properties!['length'] as { enum: string[] }).enum).toEqual([...DRAFT_LENGTHS]);
  });
});
