import { useId, useRef, useState, type DragEvent } from 'react';
import { useAccount } from '../../account/account-context';
import { ApiError } from '../../api/api-error';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useFocusBack } from '../../requests/use-focus-back';
import { formatClock, formatDay } from '../../posts/format-time';
import { Link, PAGES } from '../../navigation/router';
import type { QueueItemView } from '@contract/api/queue';
import type { QueueState } from './use-queue';

const DRAG_TYPE = 'application/x-mark0-post';

/** The next slots in time order, a post or "Empty slot" in each, grouped by day. */
export function QueueList({ queue }: { queue: QueueState }) {
  const { timeZone } = useAccount();
  const id = useId();
  const { items, request } = queue;
  const [confirming, setConfirming] = useState<string>();
  const [dropTarget, setDropTarget] = useState<string>();
  const section = useRef<HTMLElement>(null);
  // A change disables every button while it runs (the queue is read again before it ends), and a move draws the post
  // anew in its new slot: the focus goes back to the same control, found again there.
  const focusBack = useFocusBack(request.busy === undefined);
  const control = (selector: string) => () => section.current?.querySelector(selector);
  const moveBy = (post: string, direction: 'earlier' | 'later', at: string) => {
    const other = direction === 'earlier' ? 'later' : 'earlier';
    focusBack.to(control(`[data-post="${post}"] [data-action="${direction}"]`), control(`[data-post="${post}"] [data-action="${other}"]`));
    void queue.move(post, at);
  };

  if (queue.loadError !== undefined) {
    return (
      <section className="panel queue" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`} className="panel__title">Up next</h2>
        <ErrorNotice error={queue.loadError}>
          <button type="button" className="button button--secondary" onClick={() => void queue.reload()}>
            Try again
          </button>
        </ErrorNotice>
      </section>
    );
  }

  const queued = (items ?? []).filter((item) => item.post?.queue);
  const days = groupByDay(items ?? [], timeZone);
  const lostRace = request.error instanceof ApiError && (request.error.code === 'QUEUE_CHANGED' || request.error.code === 'POST_NOT_QUEUED');

  function drop(event: DragEvent, at: string) {
    event.preventDefault();
    setDropTarget(undefined);
    const postId = event.dataTransfer.getData(DRAG_TYPE) || event.dataTransfer.getData('text/plain');
    if (postId) void queue.move(postId, at);
  }

  return (
    <section className="panel queue" aria-labelledby={`${id}-title`} ref={section}>
      <div className="queue__head">
        <h2 id={`${id}-title`} className="panel__title">
          Up next
        </h2>
        <button
          type="button"
          className={`button ${queue.paused ? 'button--primary' : 'button--secondary'}`}
          data-action="pause"
          onClick={() => {
            focusBack.to(control('[data-action="pause"]'));
            void queue.setPaused(!queue.paused);
          }}
          disabled={request.busy !== undefined || items === undefined}
        >
          {queue.paused ? 'Resume the queue' : 'Pause the queue'}
        </button>
      </div>
      {queue.paused && (
        <p className="notice notice--warning" role="status">
          The queue is paused: nothing in it is published. When you resume, each post goes out at its slot, or at the next free one if its slot has passed.
        </p>
      )}
      {queue.published && request.error === undefined && (
        <p className="notice notice--success" role="status">
          Publishing now: it leaves the queue and shows under Posts → Published, with its LinkedIn link, in a moment.
        </p>
      )}
      {request.error !== undefined && (
        <ErrorNotice error={request.error}>
          {lostRace && (
            <button type="button" className="button button--secondary" onClick={() => { request.setError(undefined); void queue.reload(); }}>
              Reload the queue
            </button>
          )}
        </ErrorNotice>
      )}
      {items === undefined ? (
        <p className="hint">Loading the queue…</p>
      ) : items.length === 0 ? (
        <p className="hint">Your posting schedule has no times yet: add some below, then add posts to the queue from Write or Posts.</p>
      ) : (
        <>
          {queued.length === 0 && (
            <p className="hint">
              Nothing queued yet
              {items.some((item) => item.post) && ': the posts below were scheduled by hand for times of their own, which they keep'}. Add a post from <Link to={PAGES.write.path}>Write</Link> or <Link to={PAGES.posts.path}>Posts</Link> with “Add to queue”: it takes the first free slot below.
            </p>
          )}
          {days.map(([day, dayItems]) => (
            <div key={day} className="queue__day">
              <h3 className="queue__day-title">{day}</h3>
              <ol className="queue__slots">
                {dayItems.map((item) => {
                  const post = item.post;
                  const key = `${item.at}-${post?.id ?? 'empty'}`;
                  const index = queued.findIndex((q) => q.post!.id === post?.id);
                  const movable = post?.queue != null;
                  const label = post ? excerpt(post.content) : 'Empty slot';
                  return (
                    <li
                      key={key}
                      data-post={post?.id}
                      className={`queue__slot${post ? '' : ' queue__slot--empty'}${dropTarget === key ? ' queue__slot--target' : ''}`}
                      data-testid="queue-slot"
                      onDragOver={(event) => {
                        if (!post || movable) {
                          event.preventDefault();
                          setDropTarget(key);
                        }
                      }}
                      onDragLeave={() => setDropTarget((t) => (t === key ? undefined : t))}
                      onDrop={(event) => drop(event, item.at)}
                    >
                      <time className="queue__time" dateTime={item.at}>
                        {formatClock(item.at, timeZone)}
                      </time>
                      <div
                        className="queue__post"
                        draggable={movable}
                        onDragStart={(event) => {
                          if (!post) return;
                          event.dataTransfer.setData(DRAG_TYPE, post.id);
                          event.dataTransfer.setData('text/plain', post.id);
                          event.dataTransfer.effectAllowed = 'move';
                        }}
                        aria-label={post ? `Queued post: ${label}` : undefined}
                      >
                        <span className={post ? 'queue__text' : 'queue__empty'} dir="auto">{label}</span>
                        {post && !movable && <span className="badge">Scheduled by hand</span>}
                      </div>
                      {post && movable && (
                        <div className="queue__actions">
                          <button type="button" className="button button--quiet" data-action="earlier" disabled={index <= 0 || request.busy !== undefined} onClick={() => moveBy(post.id, 'earlier', neighbour(items, item, -1))}>
                            Earlier
                          </button>
                          <button type="button" className="button button--quiet" data-action="later" disabled={!hasSlotAfter(items, item) || request.busy !== undefined} onClick={() => moveBy(post.id, 'later', neighbour(items, item, 1))}>
                            Later
                          </button>
                          {confirming === post.id ? (
                            <>
                              <button type="button" className="button button--primary" disabled={request.busy !== undefined} onClick={() => { setConfirming(undefined); void queue.publishNow(post.id); }}>
                                Yes, publish now
                              </button>
                              <button type="button" className="button button--quiet" onClick={() => setConfirming(undefined)}>
                                Cancel
                              </button>
                            </>
                          ) : (
                            <button type="button" className="button button--secondary" disabled={request.busy !== undefined} onClick={() => setConfirming(post.id)}>
                              Publish now
                            </button>
                          )}
                        </div>
                      )}
                    </li>
                  );
                })}
              </ol>
            </div>
          ))}
          {queue.more && (
            <button type="button" className="button button--secondary" onClick={queue.showMore}>
              Show more slots
            </button>
          )}
        </>
      )}
    </section>
  );
}

function excerpt(content: string): string {
  const text = content.trim() || '(media only)';
  return text.length > 90 ? `${text.slice(0, 90).trim()}…` : text;
}

/** The `at` of the slot before or after `item` (another post's, to swap with, or an empty one). */
function neighbour(items: QueueItemView[], item: QueueItemView, direction: -1 | 1): string {
  const index = items.indexOf(item);
  for (let i = index + direction; i >= 0 && i < items.length; i += direction) {
    const other = items[i]!;
    if (other.at !== item.at && (!other.post || other.post.queue)) return other.at;
  }
  return item.at;
}

function hasSlotAfter(items: QueueItemView[], item: QueueItemView): boolean {
  return neighbour(items, item, 1) !== item.at;
}

function groupByDay(items: QueueItemView[], timeZone: string): [string, QueueItemView[]][] {
  const days = new Map<string, QueueItemView[]>();
  for (const item of items) {
    const day = formatDay(item.at, timeZone);
    days.set(day, [...(days.get(day) ?? []), item]);
  }
  return [...days];
}
