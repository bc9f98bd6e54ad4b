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
  // As typed: "" or "3" must be told apart from a valid number, not turned into 0 or sent.
  const [gapText, setGapText] = useState(String(post.evergreen?.gapDays ?? EVERGREEN_GAP_DAYS.default));
  const [problem, setProblem] = useState<string>();
  const [approval, setApproval] = useState<EvergreenApproval>(post.evergreen?.approval ?? 'approve');
  const evergreen = post.evergreen;

  const save = () => {
    const gapDays = Number(gapText);
    // The API's own bounds (the contract's), said in plain words before anything is sent.
    const found = gapProblem(gapText);
    setProblem(found);
    if (found) {
      document.getElementById(`${id}-gap`)?.focus();
      return;
    }
    void action.run(async () => {
      const saved = await api.queue.setEvergreen(post.id, { gapDays, approval });
      onChanged(saved);
      setOpen(false);
      return `Evergreen: a reworded version comes back on ${formatDateTime(saved.evergreen!.nextAt, timeZone)}.`;
    });
  };
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
            step={1}
            value={gapText}
            onChange={(event) => {
              setGapText(event.target.value);
              setProblem(undefined);
            }}
            aria-invalid={problem !== undefined}
            aria-describedby={problem ? `${id}-gap-problem` : undefined}
          />
          {problem && (
            <p className="editor__field-error" id={`${id}-gap-problem`} role="alert">
              {problem}
            </p>
          )}
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
            <button
              type="button"
              className="button button--quiet"
              onClick={() => {
                setOpen(false);
                setProblem(undefined);
              }}
            >
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

/** What is wrong with the typed gap, in the user's words; undefined when the API will take it. */
function gapProblem(text: string): string | undefined {
  const { min, max } = EVERGREEN_GAP_DAYS;
  const days = Number(text);
  if (text.trim() === '' || !Number.isFinite(days)) return `Enter a number of days, from ${min} to ${max}.`;
  if (!Number.isInteger(days)) return `Enter a whole number of days, from ${min} to ${max}.`;
  if (days < min) return `A post can come back at most once a week: enter ${min} days or more.`;
  if (days > max) return `Enter ${max} days or fewer (a year).`;
  return undefined;
}
