import { useId } from 'react';
import { useAccount } from '../../account/account-context';
import { TIER_LABELS } from '../../account/tier-labels';
import { ApiError } from '../../api/api-error';
import type { Usage } from '../../api/mark-api';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatClock, formatDay } from '../../posts/format-time';
import { useLoaded } from '../../requests/use-loaded';

/** The plan and what today used of it (GET /v1/usage). */
export function UsageSettings() {
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
