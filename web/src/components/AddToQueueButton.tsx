import { useAccount } from '../account/account-context';
import type { Post } from '../api/mark-api';
import { ActionOutcome, useAction } from '../requests/use-action';
import { formatDateTime } from '../posts/format-time';

/**
 * "Add to queue": the post takes the next free slot of the posting schedule.
 * The API's refusal (LinkedIn not connected, the plan's cap, no posting times)
 * is shown under the button in its own words.
 */
export function AddToQueueButton({ postId, onQueued, disabled, beforeQueue }: { postId: string | undefined; onQueued(post: Post): void; disabled?: boolean; beforeQueue?: () => Promise<string | undefined> }) {
  const { api, timeZone } = useAccount();
  const action = useAction();
  return (
    <span className="add-to-queue">
      <button
        type="button"
        className="button button--secondary"
        disabled={disabled || action.busy}
        onClick={() =>
          void action.run(async () => {
            const id = (await beforeQueue?.()) ?? postId;
            if (!id) throw new Error('Write something first: there is no post to queue yet.');
            const post = await api.queue.add(id);
            onQueued(post);
            return `Queued for ${formatDateTime(post.scheduledAt!, timeZone)}.`;
          })
        }
      >
        {action.busy ? 'Queueing…' : 'Add to queue'}
      </button>
      {/* Only once there is something to say: a post list holds many of these, and the page's own status line is the one to find. */}
      {(action.message !== '' || action.error !== undefined) && <ActionOutcome action={action} />}
    </span>
  );
}
