import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useAccount } from '../account/account-context';
import { Link, PAGES } from '../navigation/router';
import { formatDateTime } from '../posts/format-time';
import { dateBounds, defaultScheduleInputs, readScheduleChoice } from '../time/schedule-time';
import { browserTimeZone } from '../time/zoned-time';

interface SchedulePickerProps {
  /** When rescheduling: the current time, shown first. */
  current?: string | null;
  submitLabel: string;
  busy: boolean;
  /** The post cannot be scheduled yet (no text, LinkedIn not connected): the button waits. */
  disabled?: boolean;
  /** Focus the date when the picker opens (the user asked for it); not when it opens with the page. */
  autoFocus?: boolean;
  /** Called with ISO-8601 carrying the zone's offset, e.g. 2026-03-30T09:00:00+02:00. */
  onSchedule(scheduledAt: string): void;
  onCancel(): void;
}

/**
 * A date and a time, read in the user's time zone (the profile's; Settings
 * changes it). Native inputs: keyboard and screen-reader friendly, and the
 * phone's own pickers. It checks the API's window (a minute to a year ahead)
 * before sending, and says what the choice means on this device when the
 * device is in another zone.
 */
export function SchedulePicker({ current, submitLabel, busy, disabled = false, autoFocus = true, onSchedule, onCancel }: SchedulePickerProps) {
  const { timeZone, now } = useAccount();
  const id = useId();
  const [inputs, setInputs] = useState(() => defaultScheduleInputs(timeZone, now(), current));
  const [problem, setProblem] = useState<string>();
  const dateInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (autoFocus) dateInput.current?.focus();
  }, []);

  const choice = readScheduleChoice(inputs.date, inputs.time, timeZone, now());
  const deviceZone = browserTimeZone();
  const bounds = dateBounds(timeZone, now());

  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = readScheduleChoice(inputs.date, inputs.time, timeZone, now());
    if (!checked.ok) {
      setProblem(checked.message);
      return;
    }
    setProblem(undefined);
    onSchedule(checked.iso);
  }

  return (
    // Escape cancels, as it does the "publish now?" question beside it (a native date or time popup open takes it first).
    <form className="schedule" onSubmit={submit} aria-label="Schedule" noValidate onKeyDown={(event) => event.key === 'Escape' && !busy && onCancel()}>
      <fieldset className="schedule__fields">
        <legend className="schedule__legend">
          When should it go out? <span className="schedule__zone">Times in {timeZone}</span>
        </legend>
        <div className="schedule__inputs">
          <div>
            <label htmlFor={`${id}-date`}>Date</label>
            <input
              ref={dateInput}
              id={`${id}-date`}
              type="date"
              value={inputs.date}
              min={bounds.min}
              max={bounds.max}
              required
              onChange={(event) => setInputs({ ...inputs, date: event.target.value })}
              aria-describedby={problem ? `${id}-problem` : undefined}
              aria-invalid={problem !== undefined}
            />
          </div>
          <div>
            <label htmlFor={`${id}-time`}>Time</label>
            <input
              id={`${id}-time`}
              type="time"
              value={inputs.time}
              required
              onChange={(event) => setInputs({ ...inputs, time: event.target.value })}
              aria-describedby={problem ? `${id}-problem` : undefined}
              aria-invalid={problem !== undefined}
            />
          </div>
        </div>
      </fieldset>
      <p className="hint" aria-live="polite">
        {choice.ok && choice.adjusted}
        {choice.ok && deviceZone !== timeZone && ` That is ${formatDateTime(choice.instant.toISOString(), deviceZone)} on this device (${deviceZone}).`}
        {!choice.ok || !(choice.adjusted || deviceZone !== timeZone) ? (
          <>
            Not your time zone? <Link to={PAGES.settings.path}>Change it in Settings</Link>.
          </>
        ) : null}
      </p>
      {problem && (
        <p className="editor__field-error" id={`${id}-problem`} role="alert">
          {problem}
        </p>
      )}
      <div className="editor__actions">
        <button type="submit" className="button button--primary" disabled={busy || disabled}>
          {busy ? 'Scheduling…' : submitLabel}
        </button>
        <button type="button" className="button button--quiet" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
