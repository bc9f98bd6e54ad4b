import type { Post } from '../api/mark-api';
import { AddToQueueButton } from './AddToQueueButton';
import { EvergreenControl } from './EvergreenControl';

/**
 * What the queue adds to a post in a list: "Add to queue" for a draft or a
 * failed post (and one scheduled by hand), evergreen for a published one, and
 * where a reworded draft comes from.
 */
export function PostQueueActions({ post, onChanged }: { post: Post; onChanged(post: Post, message?: string): void }) {
  const queueable = post.status === 'draft' || post.status === 'failed' || (post.status === 'scheduled' && !post.queue);
  return (
    <>
      {post.evergreenOf && <p className="hint">A reworded version of an evergreen post{post.status === 'draft' ? ': add it to the queue to approve it.' : '.'}</p>}
      {queueable && <AddToQueueButton postId={post.id} onQueued={(queued) => onChanged(queued)} />}
      {post.status === 'published' && <EvergreenControl post={post} onChanged={(changed) => onChanged(changed)} />}
    </>
  );
}
