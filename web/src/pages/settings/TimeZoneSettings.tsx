import { useId, useMemo, useState, type FormEvent } from 'react';
import { useAccount } from '../../account/account-context';
import { ActionOutcome, useAction } from '../../requests/use-action';
import { currentZoneName, zoneChoices, zoneLabel, zoneMatches } from '../../time/zone-names';
import { browserTimeZone, isValidTimeZone } from '../../time/zoned-time';

/** The zone schedules and the calendar use; saved in the profile (PATCH /v1/me). */
export function TimeZoneSettings() {
  const { api, me, setMe } = useAccount();
  const id = useId();
  const deviceZone = browserTimeZone();
  // By its current name: a profile saved as Asia/Calcutta shows Asia/Kolkata, the same zone, selected.
  const current = currentZoneName(me.timezone && isValidTimeZone(me.timezone) ? me.timezone : deviceZone);
  const [zone, setZone] = useState(current);
  const [query, setQuery] = useState('');
  const action = useAction();
  const zones = useMemo(() => zoneChoices([current, deviceZone]), [current, deviceZone]);
  const matches = useMemo(() => zones.filter((z) => zoneMatches(z, query)), [zones, query]);
  // The list shows what the search finds, and always the chosen zone (a select shows its value).
  const shown = matches.length === 0 ? zones : matches.includes(zone) ? matches : [zone, ...matches];

  function search(next: string) {
    setQuery(next);
    // A search that finds zones picks the first, unless the chosen one is among them.
    const found = zones.filter((z) => zoneMatches(z, next));
    if (next.trim() !== '' && found.length > 0 && !found.includes(zone)) setZone(found[0]!);
  }

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
        <label htmlFor={`${id}-search`}>Find a zone</label>
        <input
          id={`${id}-search`}
          type="search"
          value={query}
          placeholder="A city, e.g. Kolkata"
          onChange={(event) => search(event.target.value)}
          // Enter finds, it does not save: Save time zone does.
          onKeyDown={(event) => event.key === 'Enter' && event.preventDefault()}
          aria-describedby={`${id}-found`}
          autoComplete="off"
        />
        <p className="hint" id={`${id}-found`} aria-live="polite">
          {query.trim() === '' ? '' : matches.length === 0 ? `No zone matches “${query.trim()}”.` : matches.length === 1 ? '1 zone matches.' : `${matches.length} zones match.`}
        </p>
        <label htmlFor={`${id}-zone`}>You plan posts in</label>
        <select id={`${id}-zone`} value={zone} onChange={(event) => setZone(event.target.value)} aria-describedby={`${id}-hint`}>
          {shown.map((z) => (
            <option key={z} value={z}>
              {zoneLabel(z)}
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
