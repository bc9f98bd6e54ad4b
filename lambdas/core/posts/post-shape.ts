import { ConflictError, ValidationError } from '../errors';
import { attachmentProblem, kindOfMediaId, type MediaKind } from '../../contract/api/media';
import { countCharacters, MAX_CONTENT_CHARACTERS } from '../../contract/api/posts';
import type { Poll, PostMedia } from './post';

/** What a post carries besides its status: the parts LinkedIn's rules are about. */
export interface PostShape {
  content: string;
  media: readonly PostMedia[];
  poll: Poll | null;
  documentTitle: string | null;
}

/**
 * LinkedIn's rules for one post, checked before anything is stored: text, media
 * or a poll (text may be empty with either); 1–20 images, or one document, or
 * one video, never mixed; a poll without media; a title only on a document.
 * A 400 that names the rule broken.
 */
export function checkPostShape(shape: PostShape): void {
  const kinds = shape.media.map((m) => kindOfMediaId(m.id) as MediaKind);
  if (shape.content === '' && kinds.length === 0 && !shape.poll) {
    throw new ValidationError('A post needs text, media or a poll: write something, or attach a file or a poll.', [
      { field: 'content', message: 'must not be empty without media or a poll' },
    ]);
  }
  const problem = attachmentProblem(kinds, shape.poll !== null);
  if (problem) throw new ValidationError(problem, [{ field: shape.poll && kinds.length > 0 ? 'poll' : 'media', message: problem }]);
  if (shape.documentTitle !== null && kinds[0] !== 'document') {
    throw new ValidationError('Only a post with a document has a title on LinkedIn; remove documentTitle or attach a document.', [
      { field: 'documentTitle', message: 'needs a document attached' },
    ]);
  }
}

/**
 * LinkedIn's length limit, checked when a post is to go out (scheduled, queued, published now, or
 * edited while on its way): a draft may run over it while it is written. A 409 (the post, not the
 * request, is the problem) that says by how much.
 */
export function checkFitsLinkedIn(content: string, editing?: 'scheduled' | 'waiting'): void {
  const over = countCharacters(content) - MAX_CONTENT_CHARACTERS;
  if (over <= 0) return;
  const limit = `LinkedIn's limit of ${MAX_CONTENT_CHARACTERS} characters`;
  throw new ConflictError(
    editing
      ? `This post is ${editing}, so it must fit ${limit}, and this text is ${over} over: shorten it, or unschedule the post to keep a longer draft.`
      : `This post is ${over} characters over ${limit}: shorten it (it can stay a draft until then), then schedule or publish it.`,
    'POST_TOO_LONG',
  );
}
