import { PostingTimes } from './PostingTimes';
import { QueueList } from './QueueList';
import { useQueue } from './use-queue';

/**
 * The queue (issue 13): what goes out next, slot by slot, with the empty slots
 * between; drag a post (or use its Earlier / Later buttons) to change the
 * order, pause everything, publish one now; and the posting times themselves.
 */
export function QueuePage() {
  const queue = useQueue();
  return (
    <div className="queue-page">
      <h1 className="page__title" tabIndex={-1}>
        Queue
      </h1>
      <QueueList queue={queue} />
      <PostingTimes onSaved={() => void queue.reload()} />
    </div>
  );
}
