import { useId } from 'react';
import { POLL_DURATIONS, POLL_LIMITS, type PollDuration, type PollView } from '@contract/api/media';
import { ClippedTextField } from '../../components/ClippedTextField';
import type { Attachments } from './use-attachments';

const DURATION_LABELS: Record<PollDuration, string> = { ONE_DAY: '1 day', THREE_DAYS: '3 days', SEVEN_DAYS: '1 week', FOURTEEN_DAYS: '2 weeks' };

/** A poll under the post: a question, 2–4 options, how long it runs (LinkedIn's limits). Not with media. */
export function PollEditor({ attachments }: { attachments: Attachments }) {
  const id = useId();
  const poll = attachments.poll;
  if (!poll) {
    return (
      <button
        type="button"
        className="button button--secondary"
        disabled={attachments.items.length > 0}
        title={attachments.items.length > 0 ? 'A post with files cannot have a poll' : undefined}
        onClick={() => attachments.setPoll({ question: '', options: ['', ''], duration: 'SEVEN_DAYS' })}
      >
        Add a poll
      </button>
    );
  }
  const change = (next: Partial<PollView>) => attachments.setPoll({ ...poll, ...next });
  return (
    <fieldset className="poll-editor">
      <legend>Poll</legend>
      <ClippedTextField className="poll-editor__field" label="Question" value={poll.question} max={POLL_LIMITS.maxQuestionCharacters} onChange={(question) => change({ question })} />
      {poll.options.map((option, index) => (
        <div className="poll-editor__option" key={index}>
          <ClippedTextField
            className="poll-editor__field"
            label={`Option ${index + 1}`}
            value={option}
            max={POLL_LIMITS.maxOptionCharacters}
            onChange={(value) => change({ options: poll.options.map((o, i) => (i === index ? value : o)) })}
          />
          {poll.options.length > POLL_LIMITS.minOptions && (
            <button type="button" className="link-button" onClick={() => change({ options: poll.options.filter((_, i) => i !== index) })} aria-label={`Remove option ${index + 1}`}>
              Remove
            </button>
          )}
        </div>
      ))}
      {poll.options.length < POLL_LIMITS.maxOptions && (
        <button type="button" className="link-button" onClick={() => change({ options: [...poll.options, ''] })}>
          Add an option
        </button>
      )}
      <label htmlFor={`${id}-duration`}>Runs for</label>
      <select id={`${id}-duration`} value={poll.duration} onChange={(event) => change({ duration: event.target.value as PollDuration })}>
        {POLL_DURATIONS.map((d) => (
          <option key={d} value={d}>
            {DURATION_LABELS[d]}
          </option>
        ))}
      </select>
      <button type="button" className="link-button" onClick={() => attachments.setPoll(null)}>
        Remove the poll
      </button>
    </fieldset>
  );
}

/** A poll is complete when its question and every option say something. */
export function pollComplete(poll: PollView | null): boolean {
  return !poll || (poll.question.trim() !== '' && poll.options.every((o) => o.trim() !== ''));
}
