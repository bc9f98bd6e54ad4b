import { useEffect, useId, useState, type FormEvent } from 'react';
import { useAccount } from '../../account/account-context';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ActionOutcome, useAction } from '../../requests/use-action';
import { currentZoneName, zoneLabel } from '../../time/zone-names';
import { MAX_SLOTS, WEEKDAYS, sortSlots, type ScheduleView, type Slot, type Weekday } from '@contract/api/queue';

const DAY_NAMES: Record<Weekday, string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };

/**
 * The posting times: slots per weekday in the user's zone (at most 50). The
 * defaults are offered until saved; saving keeps queued posts at their times
 * unless "Move queued posts" is ticked.
 */
export function PostingTimes({ onSaved }: { onSaved(): void }) {
  const { api } = useAccount();
  const id = useId();
  const [schedule, setSchedule] = useState<ScheduleView>();
  const [loadError, setLoadError] = useState<unknown>();
  const [slots, setSlots] = useState<Slot[]>([]);
  const [day, setDay] = useState<Weekday>('mon');
  const [time, setTime] = useState('09:00');
  const [reslot, setReslot] = useState(false);
  const action = useAction();

  useEffect(() => {
    api.queue.getSchedule().then(
      (loaded) => {
        setSchedule(loaded);
        setSlots(loaded.slots);
      },
      setLoadError,
    );
  }, [api]);

  const changed = schedule !== undefined && (!schedule.custom || JSON.stringify(sortSlots(slots)) !== JSON.stringify(schedule.slots));
  const duplicate = slots.some((s) => s.day === day && s.time === time);

  function add(event: FormEvent) {
    event.preventDefault();
    if (duplicate || slots.length >= MAX_SLOTS || !/^\d{2}:\d{2}$/.test(time)) return;
    setSlots(sortSlots([...slots, { day, time }]));
  }

  function save() {
    void action.run(async () => {
      const saved = await api.queue.saveSchedule({ slots, ...(reslot ? { reslot: true } : {}) });
      setSchedule(saved);
      setSlots(saved.slots);
      onSaved();
      return reslot ? 'Posting times saved; queued posts moved onto them.' : 'Posting times saved. Queued posts keep their times.';
    });
  }

  return (
    <section className="panel queue-times" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="panel__title">
        Posting times
      </h2>
      {loadError !== undefined && <ErrorNotice error={loadError} />}
      {schedule && (
        <>
          <p className="hint">
            Queued posts go out at these times, in {zoneLabel(currentZoneName(schedule.timezone))} (change the zone in Settings).
            {!schedule.custom && ' These are suggested times: save them, or change them first.'}
          </p>
          <div className="queue-times__week">
            {WEEKDAYS.map((weekday) => {
              const times = slots.filter((slot) => slot.day === weekday);
              return (
                <div key={weekday} className="queue-times__day">
                  <h3 className="queue-times__day-name">{DAY_NAMES[weekday]}</h3>
                  {times.length === 0 ? (
                    <p className="hint">No time</p>
                  ) : (
                    <ul className="queue-times__list">
                      {times.map((slot) => (
                        <li key={slot.time} className="queue-times__slot">
                          <span>{slot.time}</span>
                          <button
                            type="button"
                            className="button button--quiet"
                            aria-label={`Remove ${DAY_NAMES[weekday]} ${slot.time}`}
                            onClick={() => setSlots(slots.filter((s) => s !== slot))}
                          >
                            ×
                          </button>
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              );
            })}
          </div>
          <form className="queue-times__add" onSubmit={add}>
            <label htmlFor={`${id}-day`}>Day</label>
            <select id={`${id}-day`} value={day} onChange={(event) => setDay(event.target.value as Weekday)}>
              {WEEKDAYS.map((weekday) => (
                <option key={weekday} value={weekday}>
                  {DAY_NAMES[weekday]}
                </option>
              ))}
            </select>
            <label htmlFor={`${id}-time`}>Time</label>
            <input id={`${id}-time`} type="time" value={time} onChange={(event) => setTime(event.target.value)} required />
            <button type="submit" className="button button--secondary" disabled={duplicate || slots.length >= MAX_SLOTS}>
              Add time
            </button>
          </form>
          <p className="hint">
            {slots.length} of {MAX_SLOTS} times{duplicate ? `; ${DAY_NAMES[day]} ${time} is already there` : ''}.
          </p>
          <label className="queue-times__reslot">
            <input type="checkbox" checked={reslot} onChange={(event) => setReslot(event.target.checked)} /> Move queued posts onto the new times (in their order)
          </label>
          <div className="settings__actions">
            <button type="button" className="button button--primary" onClick={save} disabled={action.busy || !changed}>
              {action.busy ? 'Saving…' : 'Save posting times'}
            </button>
          </div>
          <ActionOutcome action={action} />
        </>
      )}
    </section>
  );
}
