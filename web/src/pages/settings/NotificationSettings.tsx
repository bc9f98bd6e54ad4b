import { useId, useState } from 'react';
import { MAIL_KIND_LABELS, MAIL_KINDS, type MailKind } from '@contract/api/notifications';
import { useAccount } from '../../account/account-context';
import type { Notifications } from '../../api/mark-api';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ActionOutcome, useAction } from '../../requests/use-action';
import { useFocusBack } from '../../requests/use-focus-back';
import { useLoaded } from '../../requests/use-loaded';

/** What each kind of mail is for, under its switch. */
const MAIL_KIND_HINTS: Record<MailKind, string> = {
  postFailed: 'When a post could not be published: LinkedIn’s reason and a link to retry. Several at once come as one mail.',
  linkedinReconnect: 'A week and a day before your LinkedIn connection expires, and at once if LinkedIn stops accepting it, with the posts that wait.',
  weeklySummary: 'On Mondays: what went out last week and what is scheduled for the next.',
};

/** E-mail notifications: one switch per kind of mail (GET/PATCH /v1/me/notifications), saved as it is flipped. */
export function NotificationSettings() {
  const { api, config } = useAccount();
  const id = useId();
  const loaded = useLoaded(() => api.getNotifications(), [api]);
  const [saved, setSaved] = useState<Notifications>();
  const action = useAction();
  const current = saved ?? loaded.value;
  // The switches are disabled while one saves, which takes the focus off the one flipped: it goes back once saved.
  const focusBack = useFocusBack(!action.busy);

  function toggle(kind: MailKind, on: boolean) {
    focusBack.to(() => document.getElementById(`${id}-${kind}`));
    void action.run(async () => {
      setSaved(await api.updateNotifications({ [kind]: on }));
      return on ? `You will get “${MAIL_KIND_LABELS[kind]}” mails.` : `No more “${MAIL_KIND_LABELS[kind]}” mails.`;
    });
  }

  return (
    <section id="notifications" className="panel settings__section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="panel__title">
        E-mail
        {config.sandbox.mail && <span className="badge badge--sandbox">Sandbox</span>}
      </h2>
      {loaded.error !== undefined ? (
        <ErrorNotice error={loaded.error} />
      ) : !current ? (
        <p className="muted">Loading…</p>
      ) : (
        <>
          <p className="hint">
            Mails go to <strong>{current.email}</strong>. Every mail has a link that stops that kind of mail in one click.
          </p>
          {current.suppressed && (
            <p className="notice notice--warning" role="alert">
              Mails to this address bounced or were marked as spam, so Mark.0 sends it nothing more. Write to the operator to have it allowed again.
            </p>
          )}
          {config.sandbox.mail && (
            <p className="hint">
              This is a local sandbox: mails go to a test outbox, not to an inbox.{' '}
              {config.sandbox.mailOutboxUrl && (
                <a href={config.sandbox.mailOutboxUrl} target="_blank" rel="noreferrer">
                  Open the sandbox outbox
                </a>
              )}
            </p>
          )}
          <fieldset className="mail-kinds" disabled={action.busy}>
            <legend className="visually-hidden">Mails Mark.0 sends you</legend>
            {MAIL_KINDS.map((kind) => (
              <div key={kind} className="mail-kind">
                <input
                  id={`${id}-${kind}`}
                  type="checkbox"
                  checked={current.preferences[kind]}
                  onChange={(event) => toggle(kind, event.target.checked)}
                  aria-describedby={`${id}-${kind}-hint`}
                />
                <label htmlFor={`${id}-${kind}`}>{MAIL_KIND_LABELS[kind]}</label>
                <p className="hint" id={`${id}-${kind}-hint`}>
                  {MAIL_KIND_HINTS[kind]}
                </p>
              </div>
            ))}
          </fieldset>
        </>
      )}
      <ActionOutcome action={action} />
    </section>
  );
}
