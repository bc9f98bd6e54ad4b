import type { ReactNode } from 'react';
import { useAccount } from '../../account/account-context';
import { TIER_LABELS } from '../../account/tier-labels';
import type { Usage } from '../../api/mark-api';
import { Link, PAGES } from '../../navigation/router';
import { useLoaded } from '../../requests/use-loaded';

/** Answers to what people ask first; the tier's limits come from the API, so they are this account's. */
export function HelpPage() {
  const { api, config, timeZone } = useAccount();
  const loaded = useLoaded(() => api.usage(), [api]);
  // undefined while loading, null when the server has no usage to give.
  const usage: Usage | null | undefined = loaded.error !== undefined ? null : loaded.value;

  const sandbox = config.sandbox.linkedin || config.sandbox.openai;
  return (
    <div className="help">
      <h1 className="page__title" tabIndex={-1}>
        Help
      </h1>
      <div className="faq">
        <Question title="Why do I have to reconnect LinkedIn every 60 days?" open>
          <p>
            LinkedIn lets apps like Mark.0 post for you with a permission that lasts 60 days, and gives no way to renew it silently. So every
            60 days you click <em>Reconnect</em> in <Link to={PAGES.settings.path}>Settings</Link> and allow Mark.0 again on LinkedIn — it
            takes a few seconds. Mark.0 warns you from 7 days before the end, on every page.
          </p>
          <p>
            If the permission runs out anyway, or you disconnect, posts that fall due meanwhile wait under{' '}
            <Link to={`${PAGES.posts.path}?status=waiting`}>Waiting</Link> (they are not lost). Reconnect, and each goes out within a minute; one more
            than a day late by then waits for you to choose: publish it now, or pick a new time.
          </p>
        </Question>
        <Question title="What happens if publishing fails?">
          <p>
            Mark.0 tries again on its own when LinkedIn is briefly unavailable. If a post still cannot go out, it moves to{' '}
            <Link to={`${PAGES.posts.path}?status=failed`}>Failed</Link> with the reason in LinkedIn’s words — for example a refusal
            from LinkedIn, or “missed” when it was too late to publish. Fix what the reason says, then press <em>Retry</em> (it publishes at
            once) or schedule it again. The number beside <em>Posts</em>, on every page, says how many posts failed.
          </p>
          <p>
            A post is never published twice: a retry of a post LinkedIn already has is recognised and marked published. LinkedIn refuses the
            very same text twice, though: a post that repeats one of your earlier posts fails with a link to it. Change a few words, then
            retry.
          </p>
        </Question>
        <Question title="When exactly does a scheduled post go out?">
          <p>
            Within the minute you picked, in your time zone ({timeZone}; change it in <Link to={PAGES.settings.path}>Settings</Link>). You can
            close the browser: publishing happens on Mark.0’s servers. Move a post on the <Link to={PAGES.calendar.path}>calendar</Link> to
            reschedule it.
          </p>
        </Question>
        <Question title="What are the limits of my plan?">
          {usage === undefined ? (
            <p className="muted">Loading your plan…</p>
          ) : usage === null ? (
            <p className="muted">Your plan’s figures are not available on this server yet.</p>
          ) : (
            <>
              <p>
                You are on the <strong>{TIER_LABELS[usage.tier] ?? usage.tier}</strong> plan:
              </p>
              <ul>
                <li>{usage.limits.aiGenerationsPerDay.toLocaleString()} AI drafts a day;</li>
                <li>{usage.limits.maxScheduledPosts.toLocaleString()} posts scheduled at the same time;</li>
                <li>
                  {usage.limits.requestsPerDay.toLocaleString()} requests a day, {usage.limits.rateLimit} a second (bursts of {usage.limits.burstLimit}).
                </li>
              </ul>
              <p>
                Daily counts start again at midnight UTC. When you reach a limit, Mark.0 says which and when you can go on. Today’s figures are
                in <Link to={PAGES.settings.path}>Settings</Link>.
              </p>
            </>
          )}
        </Question>
        <Question title="Where do AI drafts come from?">
          <p>
            From OpenAI, using your topic, the tone and length you choose, and your voice profile (in <Link to={PAGES.settings.path}>Settings</Link>
            ). Drafts are suggestions: nothing is posted until you schedule or publish it.
          </p>
        </Question>
        <Question title={`What does “Sandbox” mean?`} open={sandbox}>
          <p>
            When Mark.0 runs on your own machine (<code>npm start</code>) without LinkedIn or OpenAI credentials, it starts local stand-ins
            that behave like those services. The app labels them <span className="badge badge--sandbox">Sandbox</span>: connecting LinkedIn
            opens a local authorize page, “published” posts go to the stand-in and never to LinkedIn, and AI drafts are sample text.
          </p>
          <p>{sandbox ? 'This copy of Mark.0 is using the sandbox.' : 'This copy of Mark.0 talks to the real services.'}</p>
        </Question>
      </div>
    </div>
  );
}

function Question({ title, open, children }: { title: string; open?: boolean; children: ReactNode }) {
  return (
    <details className="faq__item" open={open}>
      <summary className="faq__question">{title}</summary>
      <div className="faq__answer">{children}</div>
    </details>
  );
}
