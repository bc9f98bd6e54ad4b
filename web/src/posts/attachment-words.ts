import type { Post } from '../api/mark-api';

/** What a post carries, in words ("3 images", "a video", "a poll"): the label of a post without text. */
export function attachmentWords(post: Pick<Post, 'media' | 'poll'>): string {
  if (post.poll) return `Poll: ${post.poll.question}`;
  const media = post.media ?? [];
  if (media.length === 0) return '';
  const kind = media[0]!.kind;
  if (kind === 'image') return media.length === 1 ? 'An image' : `${media.length} images`;
  return kind === 'video' ? 'A video' : 'A document';
}
