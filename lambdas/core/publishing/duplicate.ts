import type { PostError } from '../../contract/api/posts';
import type { CreatePostResult } from '../ports/linkedin-client';
import { linkedinUrlFor } from '../posts/post';
import { PUBLISH_FAILURES } from './publish-failures';

/**
 * What LinkedIn's 422 DUPLICATE_POST ("Content is a duplicate of urn:li:share:…")
 * proves. LinkedIn refuses a text its author already posted, whoever posted it.
 * It is this post's own success only when an earlier call for this very post
 * may have reached LinkedIn (`Post.mayBeOnLinkedIn`, written before each call):
 * then the post LinkedIn names is the one that call made, and its URN is stored.
 * Otherwise the user is repeating an older post, nothing new went out, and the
 * post fails with the earlier post's link and what to change.
 */
export type DuplicateVerdict = { kind: 'published'; urn: string } | { kind: 'failed'; error: PostError };

export function judgeDuplicate(input: { earlierCallMayHavePublished: boolean; urn: string; postUrlBase?: string }): DuplicateVerdict {
  if (input.earlierCallMayHavePublished) return { kind: 'published', urn: input.urn };
  return { kind: 'failed', error: PUBLISH_FAILURES.duplicate(linkedinUrlFor(input.urn, input.postUrlBase) ?? input.urn) };
}

/**
 * Whether a call with this answer may have created the post on LinkedIn: yes
 * when no definite answer came back (timeout, lost connection, 5xx, a 201 without
 * its id); no when LinkedIn refused it (401, 429, another 4xx) or named it.
 */
export function mayHavePublished(result: CreatePostResult): boolean {
  return result.outcome === 'unavailable';
}
