import { describe, expect, it } from 'vitest';
import { displayStatus, filterFromSearch, isDue, tabCount } from './post-status';

const at = (iso: string) => new Date(iso);
const post = (over: Partial<{ status: 'draft' | 'scheduled' | 'publishing' | 'published' | 'failed'; scheduledAt: string | null; updatedAt: string }>) => ({
  status: 'scheduled' as const,
  scheduledAt: '2026-11-25T10:00:00.000Z',
  updatedAt: '2026-11-25T09:00:00.000Z',
  ...over,
});

describe('which scheduled posts are on their way out', () => {
  it('a post scheduled ahead reads as scheduled until its time, then as publishing', () => {
    expect(displayStatus(post({}), at('2026-11-25T09:59:59.999Z'))).toBe('scheduled');
    expect(displayStatus(post({}), at('2026-11-25T10:00:00.000Z'))).toBe('publishing');
  });

  it('a post sent out now (due the second it was written) reads as publishing even when this browser’s clock runs behind', () => {
    // Publish now / Retry: the API answers scheduled for that whole second, written a fraction later.
    const sent = post({ scheduledAt: '2026-11-25T10:00:00.000Z', updatedAt: '2026-11-25T10:00:00.734Z' });
    const browserFiveSecondsBehind = at('2026-11-25T09:59:55.734Z');
    expect(isDue(sent, browserFiveSecondsBehind)).toBe(true);
    expect(displayStatus(sent, browserFiveSecondsBehind)).toBe('publishing');
  });

  it('only scheduled posts with a time are ever due', () => {
    const late = at('2030-01-01T00:00:00.000Z');
    for (const status of ['draft', 'publishing', 'published', 'failed'] as const) {
      expect(isDue(post({ status }), late)).toBe(false);
      expect(displayStatus(post({ status }), late)).toBe(status);
    }
    expect(isDue(post({ scheduledAt: null }), late)).toBe(false);
  });
});

describe('which tab Posts opens on', () => {
  const counts = { draft: 0, scheduled: 2, waiting: 0, publishing: 0, published: 5, failed: 1 };

  it('the one the address names, whatever the counts', () => {
    expect(filterFromSearch('?status=failed', counts)).toBe('failed');
    expect(filterFromSearch('?status=all', counts)).toBe('all');
  });

  it('without one, the first tab that has posts, never an empty Drafts tab', () => {
    expect(filterFromSearch('', counts)).toBe('scheduled');
    expect(filterFromSearch('?status=nonsense', { ...counts, draft: 1 })).toBe('draft');
    expect(filterFromSearch('', { draft: 0, scheduled: 0, waiting: 0, publishing: 0, published: 0, failed: 0 })).toBe('draft');
    expect(filterFromSearch('')).toBe('draft');
  });

  it('counts every post under All', () => {
    expect(tabCount('all', counts)).toBe(8);
    expect(tabCount('published', counts)).toBe(5);
  });
});
