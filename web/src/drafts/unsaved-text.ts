import type { MediaKind, PollView } from '@contract/api/media';

/**
 * A file attached in the composer, as kept on this device: the uploaded
 * media's id (valid a day while on no post; GET /v1/media/{id} gives it back),
 * its name and alt text, in the post's order. No id: it had not finished
 * uploading (or failed), so only its name is kept, to say which to attach again.
 */
export interface UnsavedAttachment {
  mediaId?: string;
  fileName: string;
  kind: MediaKind;
  altText: string;
}

/** What a new post carries besides its text, kept with it. */
export interface UnsavedExtras {
  attachments?: UnsavedAttachment[];
  poll?: PollView | null;
  documentTitle?: string;
}

/**
 * Text the user typed but has not saved yet, kept in localStorage as they type
 * so nothing is lost when the session expires, the tab closes or the network
 * drops. Namespaced per user; `key` is "new" for the composer or a post id for
 * an edit (with the post version the edit started from).
 */
export interface UnsavedText extends UnsavedExtras {
  content: string;
  /** For edits: the post version the text was based on (sent as `version` on save). */
  baseVersion?: number;
  /** For the composer: the draft it already created (a failed schedule must not create a second one on retry). */
  postId?: string;
  /**
   * For the composer, before its draft is known to exist: the id its create goes under, kept with the text, so
   * Save after a reload finds the post a create whose answer never came made, instead of making a second one.
   */
  newPostId?: string;
  savedAt: number;
}

export const NEW_POST_KEY = 'new';

export class UnsavedTextStore {
  private readonly storageKey: string;

  constructor(
    userId: string,
    private readonly storage: Storage = localStorage,
    private readonly now: () => number = Date.now,
  ) {
    this.storageKey = `mark0.unsaved.${userId}`;
  }

  get(key: string): UnsavedText | undefined {
    return this.readAll()[key];
  }

  keys(): string[] {
    return Object.keys(this.readAll());
  }

  set(key: string, content: string, baseVersion?: number, postId?: string, extras: UnsavedExtras = {}, newPostId?: string): void {
    const all = this.readAll();
    all[key] = {
      content,
      savedAt: this.now(),
      ...(baseVersion !== undefined ? { baseVersion } : {}),
      ...(postId !== undefined ? { postId } : {}),
      ...(newPostId !== undefined ? { newPostId } : {}),
      ...(extras.attachments && extras.attachments.length > 0 ? { attachments: extras.attachments } : {}),
      ...(extras.poll ? { poll: extras.poll } : {}),
      ...(extras.documentTitle ? { documentTitle: extras.documentTitle } : {}),
    };
    this.writeAll(all);
  }

  /** How many posts hold unsaved work here (what a sign-out would throw away): text, files or a poll. */
  unsavedCount(): number {
    return Object.values(this.readAll()).filter(
      (entry) => (typeof entry?.content === 'string' && entry.content.trim() !== '') || (entry?.attachments?.length ?? 0) > 0 || Boolean(entry?.poll),
    ).length;
  }

  /**
   * Forgets all of this user's unsaved text: on an explicit sign-out, so a
   * shared computer does not keep it (an expired session keeps it, to give it back).
   */
  clear(): void {
    try {
      this.storage.removeItem(this.storageKey);
    } catch {
      // Storage blocked: nothing was kept either.
    }
  }

  remove(key: string): void {
    const all = this.readAll();
    if (!(key in all)) return;
    delete all[key];
    this.writeAll(all);
  }

  private readAll(): Record<string, UnsavedText> {
    try {
      const value = JSON.parse(this.storage.getItem(this.storageKey) ?? '{}') as unknown;
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, UnsavedText>) : {};
    } catch {
      return {};
    }
  }

  private writeAll(all: Record<string, UnsavedText>): void {
    try {
      if (Object.keys(all).length === 0) this.storage.removeItem(this.storageKey);
      else this.storage.setItem(this.storageKey, JSON.stringify(all));
    } catch {
      // Storage full or blocked (private mode): typing must go on regardless.
    }
  }
}
