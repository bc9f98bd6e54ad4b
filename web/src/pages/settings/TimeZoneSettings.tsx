import { useId, useMemo, useState, type FormEvent } from 'react';
import { useAccount } from '../../account/account-context';
import { ActionOutcome, useAction } from '../../requests/use-action';
import { browserTimeZone, isValidTimeZone } from '../../time/zoned-time';

/** The zone schedules and the calendar use; saved in the profile (PATCH /v1/me). */
export function TimeZoneSettings() {
  const { api, me, setMe } = useAccount();
  const id = useId();
  const deviceZone = browserTimeZone();
  const current = me.timezone && isValidTimeZone(me.timezone) ? me.timezone : deviceZone;
  const [zone, setZone] = useState(current);
  const action = useAction();
  const zones = useMemo(() => timeZones(current, deviceZone), [current, deviceZone]);

  function save(event: FormEvent) {
    event.preventDefault();
    void action.run(async () => {
      setMe(await api.updateMe({ timezone: zone }));
      return `Time zone saved: ${zone}.`;
    });
  }

  return (
    <section className="panel settings__section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="panel__title">
        Time zone
      </h2>
      <form onSubmit={save}>
        <label htmlFor={`${id}-zone`}>You plan posts in</label>
        <select id={`${id}-zone`} value={zone} onChange={(event) => setZone(event.target.value)} aria-describedby={`${id}-hint`}>
          {zones.map((z) => (
            <option key={z} value={z}>
              {z.replace(/_/g, ' ')}
            </option>
          ))}
        </select>
        <p className="hint" id={`${id}-hint`}>
          Dates and times in Mark.0 are in this zone. Changing it does not move scheduled posts: each keeps its exact moment.
          {deviceZone !== current && ` This device is set to ${deviceZone}.`}
        </p>
        <div className="settings__actions">
          <button type="submit" className="button button--primary" disabled={action.busy || zone === current}>
            {action.busy ? 'Saving…' : 'Save time zone'}
          </button>
          {deviceZone !== zone && (
            <button type="button" className="button button--quiet" onClick={() => setZone(deviceZone)}>
              Use this device’s zone
            </button>
          )}
        </div>
      </form>
      <ActionOutcome action={action} />
    </section>
  );
}

/** Every zone the browser knows, with the current and the device's first if missing. */
function timeZones(current: string, device: string): string[] {
  const known = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  const list = new Set([...known, 'UTC']);
  for (const zone of [current, device]) list.add(zone);
  return [...list].sort();
}
