import { useId, useMemo, useState, type FormEvent } from 'react';

import { ApiError } from '../../api/api-error';
import type { Usage, Voice } from '../../api/mark-api';
import { useAccount } from '../../account/account-context';
import { TIER_LABELS } from '../../account/tier-labels';
import { ActionOutcome, useAction } from '../../requests/use-action';
import { useLoaded } from '../../requests/use-loaded';
import { Avatar } from '../../components/Avatar';
import { ConnectLinkedInButton } from '../../components/ConnectLinkedInButton';
import { ErrorNotice } from '../../components/ErrorNotice';
import { connectionState, describeDaysLeft } from '../../linkedin/connection-state';
import { formatClock, formatDay } from '../../posts/format-time';
import { browserTimeZone, isValidTimeZone } from '../../time/zoned-time';
import { VOICE_LIMITS } from '@contract/api/ai';

/** Settings: the LinkedIn connection, the time zone, the AI voice, and the plan with today's usage. */
export function SettingsPage() {
  return (
    <div className="settings">
      <h1 className="page__title" tabIndex={-1}>
        Settings
      </h1>
      <LinkedInSettings />
      <TimeZoneSettings />
      <VoiceSettings />
      <UsageSettings />
    </div>
  );
}

/** Connect, reconnect (with the expiry date, warned from 7 days before), or disconnect. */
export function LinkedInSettings() {
  const { api, me, now, timeZone, reloadMe, config } = useAccount();
  const id = useId();
  const [confirming, setConfirming] = useState(false);
  const action = useAction();
  const busy = action.busy;
  const state = connectionState(me.linkedin, now());

  const disconnect = () =>
    action.run(async () => {
      await api.disconnectLinkedIn();
      await reloadMe();
      setConfirming(false);
      return 'LinkedIn is disconnected. Scheduled posts will wait until you connect again.';
    });

  return (
    <section className="panel settings__section" aria-labelledby={`${id}-title`}>
      <h2 className="panel__title">
        <span id={`${id}-title`}>LinkedIn</span>
        {config.sandbox.linkedin && <span className="badge badge--sandbox">Sandbox</span>}
      </h2>
      {config.sandbox.linkedin && (
        <p className="hint">
          Sandbox: connecting opens a local stand-in for LinkedIn’s authorize page, and posts are “published” to that stand-in, never to LinkedIn.
        </p>
      )}
      {state.kind === 'unavailable' && <p className="muted">Connecting LinkedIn is not available on this server yet.</p>}
      {state.kind === 'disconnected' && (
        <>
          <p>Connect your LinkedIn account so Mark.0 can publish your posts. You will be asked to allow it on LinkedIn, then come straight back here.</p>
          <div className="settings__actions">
            <ConnectLinkedInButton returnPath="/settings" />
          </div>
        </>
      )}
      {state.kind !== 'unavailable' && state.kind !== 'disconnected' && (
        <>
          <div className="connection">
            <Avatar name={state.name ?? me.email} pictureUrl={state.pictureUrl} size="large" />
            <div>
              <p className="connection__name">{state.name ?? 'Your LinkedIn account'}</p>
              <p className="muted" data-testid="linkedin-status">
                {state.kind === 'needs-reconnect'
                  ? 'Needs reconnecting'
                  : state.expiresAt
                    ? `Connected · works until ${formatDay(state.expiresAt.toISOString(), timeZone)}`
                    : 'Connected'}
              </p>
            </div>
          </div>
          {state.kind === 'expiring' && (
            <p className="notice notice--warning">
              Your LinkedIn connection ends {describeDaysLeft(state.daysLeft)}, on {formatDay(state.expiresAt.toISOString(), timeZone)}. Reconnect now so
              your scheduled posts keep going out. LinkedIn gives apps 60 days at a time.
            </p>
          )}
          {state.kind === 'needs-reconnect' && (
            <p className="notice notice--error">
              LinkedIn no longer accepts this connection (it expired or was revoked). Scheduled posts cannot go out until you reconnect.
            </p>
          )}
          {confirming ? (
            <div className="confirm" role="group" aria-label="Confirm disconnect">
              <p className="confirm__question">Disconnect LinkedIn? Scheduled posts will not be published until you connect again.</p>
              <div className="confirm__actions">
                <button type="button" className="button button--danger" onClick={() => void disconnect()} disabled={busy}>
                  {busy ? 'Disconnecting…' : 'Disconnect'}
                </button>
                <button type="button" className="button button--quiet" onClick={() => setConfirming(false)} disabled={busy} autoFocus>
                  Keep connected
                </button>
              </div>
            </div>
          ) : (
            <div className="settings__actions">
              <ConnectLinkedInButton
                returnPath="/settings"
                label="Reconnect"
                variant={state.kind === 'connected' ? 'secondary' : 'primary'}
              />
              <button type="button" className="button button--quiet button--danger-text" onClick={() => setConfirming(true)}>
                Disconnect
              </button>
            </div>
          )}
        </>
      )}
      <ActionOutcome action={action} />
    </section>
  );
}

/** The zone schedules and the calendar use; saved in the profile (PATCH /v1/me). */
function TimeZoneSettings() {
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

/** How AI drafts should sound: a style description and example posts (GET/PUT /v1/me/voice). */
function VoiceSettings() {
  const { api } = useAccount();
  const id = useId();
  const [edited, setEdited] = useState<Voice>();
  const loaded = useLoaded(() => api.getVoice(), [api]);
  const action = useAction();
  // The form edits a copy of what was loaded; an empty example box invites the first one.
  const voice = edited ?? (loaded.value && { styleProfile: loaded.value.styleProfile, examples: loaded.value.examples.length ? loaded.value.examples : [''] });
  const setVoice = setEdited;
  const loadError = loaded.error;

  function save(event: FormEvent) {
    event.preventDefault();
    if (!voice) return;
    void action.run(async () => {
      const stored = await api.putVoice({ styleProfile: voice.styleProfile?.trim() || null, examples: voice.examples.map((e) => e.trim()).filter(Boolean) });
      setVoice({ styleProfile: stored.styleProfile, examples: stored.examples.length ? stored.examples : [''] });
      return 'Voice saved. New AI drafts will use it.';
    });
  }

  const detail = (field: string) => (action.error instanceof ApiError ? action.error.detailFor(field) : undefined);
  const unavailable = loadError instanceof ApiError && loadError.status === 404;

  return (
    <section className="panel settings__section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="panel__title">
        Your voice
      </h2>
      {unavailable ? (
        <p className="muted">AI drafting is not available on this server yet.</p>
      ) : loadError !== undefined ? (
        <ErrorNotice error={loadError} />
      ) : !voice ? (
        <p className="muted">Loading…</p>
      ) : (
        <form onSubmit={save}>
          <label htmlFor={`${id}-style`}>How you write</label>
          <textarea
            id={`${id}-style`}
            className="editor__text editor__text--short"
            rows={3}
            value={voice.styleProfile ?? ''}
            onChange={(event) => setVoice({ ...voice, styleProfile: event.target.value })}
            placeholder="e.g. Plain words, short sentences, one idea per post, no hashtags, ends with a question."
            maxLength={VOICE_LIMITS.styleProfileCharacters}
            aria-invalid={detail('styleProfile') !== undefined}
            aria-describedby={detail('styleProfile') ? `${id}-style-error` : undefined}
          />
          {detail('styleProfile') && (
            <p className="editor__field-error" id={`${id}-style-error`}>
              {detail('styleProfile')}
            </p>
          )}
          <fieldset className="voice__examples">
            <legend>Posts of yours that sound right</legend>
            {voice.examples.map((example, index) => (
              <div key={index} className="voice__example">
                <label htmlFor={`${id}-example-${index}`}>Example {index + 1}</label>
                <textarea
                  id={`${id}-example-${index}`}
                  className="editor__text editor__text--short"
                  rows={3}
                  value={example}
                  onChange={(event) => setVoice({ ...voice, examples: voice.examples.map((e, i) => (i === index ? event.target.value : e)) })}
                  aria-invalid={detail(`examples.${index}`) !== undefined}
                />
                {detail(`examples.${index}`) && <p className="editor__field-error">{detail(`examples.${index}`)}</p>}
                {voice.examples.length > 1 && (
                  <button type="button" className="link-button" onClick={() => setVoice({ ...voice, examples: voice.examples.filter((_, i) => i !== index) })}>
                    Remove example {index + 1}
                  </button>
                )}
              </div>
            ))}
            {voice.examples.length < VOICE_LIMITS.examples && (
              <button type="button" className="button button--quiet" onClick={() => setVoice({ ...voice, examples: [...voice.examples, ''] })}>
                Add an example
              </button>
            )}
          </fieldset>
          <div className="settings__actions">
            <button type="submit" className="button button--primary" disabled={action.busy}>
              {action.busy ? 'Saving…' : 'Save voice'}
            </button>
          </div>
        </form>
      )}
      <ActionOutcome action={action} />
    </section>
  );
}

/** The plan and what today used of it (GET /v1/usage). */
function UsageSettings() {
  const { api, timeZone } = useAccount();
  const id = useId();
  const { value: usage, error } = useLoaded(() => api.usage(), [api]);

  return (
    <section className="panel settings__section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="panel__title">
        Plan and usage
      </h2>
      {error instanceof ApiError && error.status === 404 ? (
        <p className="muted">Usage figures are not available on this server yet.</p>
      ) : error !== undefined ? (
        <ErrorNotice error={error} />
      ) : !usage ? (
        <p className="muted">Loading…</p>
      ) : (
        <UsageTable usage={usage} timeZone={timeZone} />
      )}
    </section>
  );
}

export function UsageTable({ usage, timeZone }: { usage: Usage; timeZone: string }) {
  const n = (value: number) => value.toLocaleString();
  return (
    <>
      <p>
        Your plan: <strong>{TIER_LABELS[usage.tier] ?? usage.tier}</strong>
      </p>
      <table className="usage">
        <caption className="visually-hidden">Today’s usage against your plan’s limits</caption>
        <thead>
          <tr>
            <th scope="col">What</th>
            <th scope="col">Used</th>
            <th scope="col">Limit</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">AI drafts today</th>
            <td>{n(usage.today.aiGenerations)}</td>
            <td>{n(usage.limits.aiGenerationsPerDay)}</td>
          </tr>
          <tr>
            <th scope="row">Scheduled posts at once</th>
            <td>{n(usage.scheduledPosts)}</td>
            <td>{n(usage.limits.maxScheduledPosts)}</td>
          </tr>
          <tr>
            <th scope="row">Requests today</th>
            <td>{n(usage.today.requests)}</td>
            <td>{n(usage.limits.requestsPerDay)}</td>
          </tr>
          <tr>
            <th scope="row">Requests per second</th>
            <td>—</td>
            <td>
              {n(usage.limits.rateLimit)} (bursts of {n(usage.limits.burstLimit)})
            </td>
          </tr>
        </tbody>
      </table>
      <p className="hint">
        Daily counts start again at {formatClock(usage.resetsAt, timeZone)} ({formatDay(usage.resetsAt, timeZone)}), midnight UTC.
      </p>
    </>
  );
}

/** Every zone the browser knows, with the current and the device's first if missing. */
function timeZones(current: string, device: string): string[] {
  const known = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  const list = new Set([...known, 'UTC']);
  for (const zone of [current, device]) list.add(zone);
  return [...list].sort();
}
