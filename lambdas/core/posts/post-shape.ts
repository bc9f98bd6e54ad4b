import { ValidationError } from '../errors';
import { attachmentProblem, kindOfMediaId, type MediaKind } from '../../contract/api/media';
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
