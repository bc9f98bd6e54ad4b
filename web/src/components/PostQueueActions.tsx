import type { Post } from '../api/mark-api';
import { EvergreenControl } from './EvergreenControl';

/** "Add to queue" applies: a draft or a failed post, and one scheduled by hand (AddToQueueButton, with a post's other actions). */
export function isQueueable(post: Post): boolean {
  return post.status === 'draft' || post.status === 'failed' || (post.status === 'scheduled' && !post.queue);
}

/**
 * What the queue adds to a post in a list, above its actions: evergreen for a
 * published one, and where a reworded draft comes from.
 */
export function PostQueueActions({ post, onChanged }: { post: Post; onChanged(post: Post, message?: string): void }) {
  return (
    <>
      {post.evergreenOf && <p className="hint">A reworded version of an evergreen post{post.status === 'draft' ? ': add it to the queue to approve it.' : '.'}</p>}
      {post.status === 'published' && <EvergreenControl post={post} onChanged={(changed) => onChanged(changed)} />}
    </>
  );
}
