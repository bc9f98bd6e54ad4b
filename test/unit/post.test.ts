import { describe, expect, it } from 'vitest';
import { linkedinUrlFor, revise, sortTimeOf, toPostView, type Post } from '@lambdas/core/posts/post';
import { contentSchema, listPostsSchema } from '@lambdas/core/posts/post-input';
import { parseInput } from '@lambdas/core/validation';
import { ValidationError } from '@lambdas/core/errors';
import { clipCharacters, countCharacters, isEditable } from '@contract/api/posts';
import { postCountAttribute, postCountsOf } from '@lambdas/core/users/user';

const base: Post = {
  userId: 'u',
  id: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
  content: 'hello',
  status: 'draft',
  scheduledAt: '2026-12-01T09:00:00.000Z',
  publishedAt: '2026-12-01T09:00:30.000Z',
  linkedinUrn: null,
  error: null,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-02T00:00:00.000Z',
  version: 3,
};

describe('post rules', () => {
  it('counts code points, so an emoji or an accented letter is one character', () => {
    expect(countCharacters('🚀')).toBe(1);
    expect(countCharacters('café')).toBe(4);
    expect('🚀'.length).toBe(2);
  });

  it('clips to code points, never cutting an emoji in half', () => {
    expect(clipCharacters('🚀🚀🚀', 2)).toBe('🚀🚀');
    expect(clipCharacters('a🚀b', 2)).toBe('a🚀');
    expect(clipCharacters('café', 4)).toBe('café');
    expect(clipCharacters('🚀', 0)).toBe('');
    expect(clipCharacters('short', 10)).toBe('short');
  });

  it('sorts each status by the time that matters for it', () => {
    expect(sortTimeOf({ ...base, status: 'draft' })).toBe(base.updatedAt);
    expect(sortTimeOf({ ...base, status: 'scheduled' })).toBe(base.scheduledAt);
    expect(sortTimeOf({ ...base, status: 'publishing' })).toBe(base.scheduledAt);
    expect(sortTimeOf({ ...base, status: 'published' })).toBe(base.publishedAt);
    expect(sortTimeOf({ ...base, status: 'failed' })).toBe(base.updatedAt);
  });

  it('allows edits only before publishing starts or after a failure', () => {
    expect(['draft', 'scheduled', 'failed'].every((s) => isEditable(s as Post['status']))).toBe(true);
    expect(isEditable('publishing')).toBe(false);
    expect(isEditable('published')).toBe(false);
  });

  it('revises with version + 1 and a new updatedAt, keeping identity', () => {
    const next = revise(base, { content: 'new' }, new Date('2026-11-03T00:00:00.000Z'));
    expect(next).toMatchObject({ id: base.id, userId: 'u', content: 'new', version: 4, updatedAt: '2026-11-03T00:00:00.000Z', createdAt: base.createdAt });
  });

  it('derives the LinkedIn URL from the URN and hides internal fields from the view', () => {
    expect(linkedinUrlFor('urn:li:share:1')).toBe('https://www.linkedin.com/feed/update/urn:li:share:1');
    const view = toPostView({ ...base, linkedinUrn: 'urn:li:share:1', leaseUntil: 'x', attempts: 2 });
    expect(view.linkedinUrl).toBe('https://www.linkedin.com/feed/update/urn:li:share:1');
    expect(view).not.toHaveProperty('userId');
    expect(view).not.toHaveProperty('leaseUntil');
  });
});

describe('input validation', () => {
  it('trims content and enforces 1–10,000 characters (a draft may run over LinkedIn\'s 3000)', () => {
    expect(contentSchema.parse('  hi \n')).toBe('hi');
    expect(contentSchema.safeParse(' ').success).toBe(false);
    expect(contentSchema.safeParse('é'.repeat(10_000)).success).toBe(true);
    expect(contentSchema.safeParse('é'.repeat(10_001)).success).toBe(false);
  });

  it('reports every problem with its field in one error', () => {
    try {
      parseInput(listPostsSchema, { limit: '0', status: 'nope', extra: 'x' }, 'query string');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      const fields = (error as ValidationError).details.map((d) => d.field).sort();
      expect(fields).toEqual(['extra', 'limit', 'status']);
      expect((error as ValidationError).message).toMatch(/^Invalid query string: /);
    }
  });
});

describe('post counts on the profile', () => {
  it('are read per status, absent as 0, and never shown below 0', () => {
    const profile = { userId: 'u', email: 'e', tier: 'free' as const, createdAt: 'c', timezone: null, scheduledPosts: 2, failedPosts: -1, draftPosts: 5 };
    expect(postCountsOf(profile)).toEqual({ draft: 5, scheduled: 2, waiting: 0, publishing: 0, published: 0, failed: 0 });
    expect(postCountAttribute('failed')).toBe('failedPosts');
  });
});
