import { describe, expect, it } from 'vitest';
import { combinationProblem, judgeFile } from './file-rules';
import { feedGrid, moveItem } from './feed-grid';

const MB = 1024 * 1024;

describe('judging a file before it is uploaded', () => {
  it('names the size and the limit, as the error people read', () => {
    expect(judgeFile({ name: 'talk.mp4', type: 'video/mp4', size: 612 * MB })).toEqual({ ok: false, problem: 'talk.mp4: This file is 612 MB; LinkedIn takes videos up to 500 MB.' });
    expect(judgeFile({ name: 'deck.pdf', type: 'application/pdf', size: 101 * MB })).toMatchObject({ ok: false, problem: expect.stringContaining('documents up to 100 MB') });
  });

  it('takes phone photos, PNGs, GIFs, PDFs, Office files and MP4s, by type or, without one, by extension', () => {
    expect(judgeFile({ name: 'IMG_2041.JPG', type: 'image/jpeg', size: 12 * MB })).toEqual({ ok: true, kind: 'image', contentType: 'image/jpeg' });
    expect(judgeFile({ name: 'slides.pptx', type: '', size: 3 * MB })).toEqual({ ok: true, kind: 'document', contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation' });
    expect(judgeFile({ name: 'clip.mp4', type: 'video/mp4', size: 200 * MB })).toMatchObject({ ok: true, kind: 'video' });
  });

  it('refuses what LinkedIn does not take, saying what it does', () => {
    expect(judgeFile({ name: 'photo.heic', type: 'image/heic', size: MB })).toMatchObject({ ok: false, problem: expect.stringContaining('LinkedIn takes images (JPG, PNG, GIF)') });
    expect(judgeFile({ name: 'tiny.mp4', type: 'video/mp4', size: 1000 })).toMatchObject({ ok: false, problem: expect.stringContaining('from 75 KB') });
  });

  it('refuses mixing kinds, a second document, 21 images and media with a poll', () => {
    expect(combinationProblem(['image', 'video'], false)).toMatch(/does not mix/);
    expect(combinationProblem(['document', 'document'], false)).toMatch(/exactly one document/);
    expect(combinationProblem(Array(21).fill('image'), false)).toMatch(/at most 20 images/);
    expect(combinationProblem(['image'], true)).toMatch(/poll/);
    expect(combinationProblem(Array(20).fill('image'), false)).toBeUndefined();
  });
});

describe('the feed grid and reordering', () => {
  it('lays out 1, 2, 3, 4 and 7 images as LinkedIn does', () => {
    expect(feedGrid(1)).toEqual({ layout: 'one', shown: [0], more: 0 });
    expect(feedGrid(3).layout).toBe('three');
    expect(feedGrid(7)).toEqual({ layout: 'four', shown: [0, 1, 2, 3], more: 3 });
  });

  it('moves an item, clamped at the ends', () => {
    expect(moveItem(['a', 'b', 'c'], 0, 2)).toEqual(['b', 'c', 'a']);
    expect(moveItem(['a', 'b', 'c'], 2, -5)).toEqual(['c', 'a', 'b']);
    expect(moveItem(['a', 'b'], 1, 1)).toEqual(['a', 'b']);
  });
});
