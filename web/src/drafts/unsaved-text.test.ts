import { describe, expect, it } from 'vitest';
import { NEW_POST_KEY, UnsavedTextStore } from './unsaved-text';

describe('UnsavedTextStore', () => {
  it('keeps unsaved text per user across instances (a reload), with the base version of an edit', () => {
    new UnsavedTextStore('u1', localStorage, () => 5).set('P1', 'edited', 3);
    new UnsavedTextStore('u1').set(NEW_POST_KEY, 'new text');
    const reloaded = new UnsavedTextStore('u1');
    expect(reloaded.get('P1')).toEqual({ content: 'edited', baseVersion: 3, savedAt: 5 });
    expect(reloaded.get(NEW_POST_KEY)?.content).toBe('new text');
    expect(reloaded.keys().sort()).toEqual(['P1', NEW_POST_KEY].sort());
  });

  it("never shows one user's text to another", () => {
    new UnsavedTextStore('u1').set(NEW_POST_KEY, 'private');
    expect(new UnsavedTextStore('u2').get(NEW_POST_KEY)).toBeUndefined();
  });

  it('removes entries and leaves no empty record behind', () => {
    const store = new UnsavedTextStore('u1');
    store.set('P1', 'x');
    store.remove('P1');
    expect(store.get('P1')).toBeUndefined();
    expect(localStorage.getItem('mark0.unsaved.u1')).toBeNull();
  });

  it("clears one user's text on sign-out and leaves other users' alone", () => {
    new UnsavedTextStore('u1').set(NEW_POST_KEY, 'mine', undefined, 'P9');
    new UnsavedTextStore('u2').set(NEW_POST_KEY, 'theirs');
    expect(new UnsavedTextStore('u1').get(NEW_POST_KEY)?.postId).toBe('P9');
    new UnsavedTextStore('u1').clear();
    expect(new UnsavedTextStore('u1').get(NEW_POST_KEY)).toBeUndefined();
    expect(new UnsavedTextStore('u2').get(NEW_POST_KEY)?.content).toBe('theirs');
  });

  it('survives corrupt storage', () => {
    localStorage.setItem('mark0.unsaved.u1', '{not json');
    const store = new UnsavedTextStore('u1');
    expect(store.get(NEW_POST_KEY)).toBeUndefined();
    store.set(NEW_POST_KEY, 'ok');
    expect(store.get(NEW_POST_KEY)?.content).toBe('ok');
  });

  it("keeps a new post's files (by media id, in order, with alt text) and poll with its text, and counts what a sign-out would discard", () => {
    const store = new UnsavedTextStore('u1', localStorage, () => 7);
    expect(store.unsavedCount()).toBe(0);
    const attachments = [
      { mediaId: 'img_2', fileName: 'b.png', kind: 'image' as const, altText: 'Second' },
      { fileName: 'c.png', kind: 'image' as const, altText: '' },
    ];
    store.set(NEW_POST_KEY, '', undefined, undefined, { attachments, poll: null, documentTitle: '' });
    expect(new UnsavedTextStore('u1').get(NEW_POST_KEY)).toEqual({ content: '', savedAt: 7, attachments });
    expect(store.unsavedCount()).toBe(1);
    store.set(NEW_POST_KEY, '', undefined, undefined, { poll: { question: 'Q?', options: ['a', 'b'], duration: 'ONE_DAY' } });
    expect(store.get(NEW_POST_KEY)?.poll?.question).toBe('Q?');
    store.set('P1', 'edited', 2);
    expect(store.unsavedCount()).toBe(2);
    store.set('P1', '   ', 2);
    expect(store.unsavedCount()).toBe(1);
  });
});
