import { useId, useState } from 'react';
import { useAccount } from '../account/account-context';
import type { Post } from '../api/mark-api';
import { ActionOutcome, useAction } from '../requests/use-action';
import { formatDateTime } from '../posts/format-time';
import { EVERGREEN_GAP_DAYS, type EvergreenApproval } from '@contract/api/queue';

/**
 * Evergreen, on a published post: it comes back at most every N days as an AI
 * rewrite (never the same text: LinkedIn refuses a repeat), queued at once or
 * left as a draft for the user to approve.
 */
export function EvergreenControl({ post, onChanged }: { post: Post; onChanged(post: Post): void }) {
  const { api, timeZone } = useAccount();
  const id = useId();
  const action = useAction();
  const [open, setOpen] = useState(false);
  const [gapDays, setGapDays] = useState(post.evergreen?.gapDays ?? EVERGREEN_GAP_DAYS.default);
  const [approval, setApproval] = useState<EvergreenApproval>(post.evergreen?.approval ?? 'approve');
  const evergreen = post.evergreen;

  const save = () =>
    void action.run(async () => {
      const saved = await api.queue.setEvergreen(post.id, { gapDays, approval });
      onChanged(saved);
      setOpen(false);
      return `Evergreen: a reworded version comes back on ${formatDateTime(saved.evergreen!.nextAt, timeZone)}.`;
    });
  const stop = () =>
    void action.run(async () => {
      onChanged(await api.queue.stopEvergreen(post.id));
      return 'This post will not come back.';
    });

  return (
    <div className="evergreen">
      {evergreen && !open && (
        <p className="evergreen__state">
          Evergreen: reworded every {evergreen.gapDays} days or more, {evergreen.approval === 'auto' ? 'queued automatically' : 'as a draft for you to approve'}; next on{' '}
          {formatDateTime(evergreen.nextAt, timeZone)}.{evergreen.lastProblem ? ` Last time: ${evergreen.lastProblem}` : ''}
        </p>
      )}
      {open ? (
        <fieldset className="evergreen__form">
          <legend>Bring this post back, reworded</legend>
          <label htmlFor={`${id}-gap`}>At most every (days)</label>
          <input
            id={`${id}-gap`}
            type="number"
            min={EVERGREEN_GAP_DAYS.min}
            max={EVERGREEN_GAP_DAYS.max}
            value={gapDays}
            onChange={(event) => setGapDays(Number(event.target.value))}
          />
          <label>
            <input type="radio" name={`${id}-approval`} checked={approval === 'approve'} onChange={() => setApproval('approve')} /> Make a draft for me to approve
          </label>
          <label>
            <input type="radio" name={`${id}-approval`} checked={approval === 'auto'} onChange={() => setApproval('auto')} /> Queue it automatically
          </label>
          <div className="post-card__actions">
            <button type="button" className="button button--primary" onClick={save} disabled={action.busy}>
              {evergreen ? 'Save' : 'Make evergreen'}
            </button>
            <button type="button" className="button button--quiet" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </fieldset>
      ) : (
        <div className="post-card__actions">
          <button type="button" className="button button--secondary" onClick={() => setOpen(true)} disabled={action.busy}>
            {evergreen ? 'Change evergreen' : 'Make evergreen'}
          </button>
          {evergreen && (
            <button type="button" className="button button--quiet" onClick={stop} disabled={action.busy}>
              Stop evergreen
            </button>
          )}
        </div>
      )}
      {/* Only once there is something to say: a post list holds many of these, and the page's own status line is the one to find. */}
      {(action.message !== '' || action.error !== undefined) && <ActionOutcome action={action} />}
    </div>
  );
}
