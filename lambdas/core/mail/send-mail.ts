import type { Clock } from '../ports/clock';
import type { MailOutbox } from '../ports/mail-outbox';
import { MailSendError, type Mailer } from '../ports/mailer';
import { newId } from '../ids';
import { composeMail, type ComposeDeps } from './compose-mail';
import { MAIL, minutes } from './mail-rules';
import type { OutboxMail } from './outbox';

export interface SendDeps extends ComposeDeps {
  outbox: MailOutbox;
  mailer: Mailer;
  clock: Clock;
}

export type SendOutcome =
  | { kind: 'sent'; providerId: string; resent: boolean }
  | { kind: 'skipped'; note: string }
  | { kind: 'retry'; note: string; retryAt: string }
  | { kind: 'failed'; note: string }
  /** Another sender holds it, or it is finished or not due. */
  | { kind: 'busy' }
  /** Something unexpected (the table, a bug): the claim lapses and the mail is tried again after MAIL.leaseSeconds. */
  | { kind: 'error'; note: string };

export interface SweepResult {
  examined: number;
  /** Due mails older than MAIL.backlogAfterMinutes when the sweep began. */
  backlog: number;
  outcomes: { userId: string; mailId: string; outcome: SendOutcome }[];
}

/**
 * The sender, every minute: every due mail is claimed (one sender at a time), composed from the state of
 * things now, and handed to the mailer. Exactly once, as far as the providers allow:
 *  - a mail is claimed with a conditional write before anything is sent, and finished only by its claimant;
 *  - `calling` is recorded before the provider is called: a sender that dies before it leaves a claim any
 *    other sender may take over (nothing was sent); one that dies after it leaves `calling`, and the next
 *    claim waits MAIL.confirmWaitMinutes for the provider's confirmation (SES's Send event, which marks the
 *    mail sent) before sending again. SMTP has no such confirmation; a resend keeps the same Message-ID.
 *  - a send the provider refused for now is retried later (MAIL.retryDelaysMinutes), one it refused for good
 *    is given up (MailsFailed, alarmed).
 */
export async function sendDueMails(deps: SendDeps): Promise<SweepResult> {
  const now = deps.clock.now();
  const due = await deps.outbox.listDue(now, new Date(now.getTime() - MAIL.sweepLookBackDays * 86_400_000));
  const backlog = due.filter((ref) => now.getTime() - Date.parse(ref.dueAt) > minutes(MAIL.backlogAfterMinutes)).length;
  const outcomes: SweepResult['outcomes'] = [];
  for (const ref of due) {
    let outcome: SendOutcome;
    try {
      outcome = await sendOne(deps, ref.userId, ref.id);
    } catch (error) {
      outcome = { kind: 'error', note: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
    outcomes.push({ userId: ref.userId, mailId: ref.id, outcome });
  }
  return { examined: due.length, backlog, outcomes };
}

export async function sendOne(deps: SendDeps, userId: string, mailId: string): Promise<SendOutcome> {
  const now = deps.clock.now();
  const token = newId(now);
  const claim = await deps.outbox.claim(userId, mailId, now, token);
  if (!claim) return { kind: 'busy' };
  const { mail } = claim;
  const composed = await composeMail(deps, mail, now);
  if ('skip' in composed) {
    await deps.outbox.finish(mail, token, { status: 'skipped', at: now, note: composed.skip });
    return { kind: 'skipped', note: composed.skip };
  }
  if (!(await deps.outbox.markCalling(mail, token, now))) return { kind: 'busy' };
  let providerId: string;
  try {
    ({ providerId } = await deps.mailer.send(composed.mail));
  } catch (error) {
    return handOverFailed(deps, mail, token, error);
  }
  // A failure of this write (a crash) leaves the mail `calling`: the next claim waits for the provider's confirmation.
  await deps.outbox.finish(mail, token, { status: 'sent', at: deps.clock.now(), providerId });
  return { kind: 'sent', providerId, resent: claim.mayHaveBeenSent };
}

async function handOverFailed(deps: SendDeps, mail: OutboxMail, token: string, error: unknown): Promise<SendOutcome> {
  const note = error instanceof Error ? error.message.slice(0, 300) : String(error);
  const permanent = error instanceof MailSendError && error.permanent;
  const delayMinutes = MAIL.retryDelaysMinutes[mail.attempts - 1];
  if (permanent || delayMinutes === undefined) {
    await deps.outbox.finish(mail, token, { status: 'failed', at: deps.clock.now(), note });
    return { kind: 'failed', note };
  }
  // Unknown outcome (not a MailSendError, or one that says so): the mail stays `calling`, and waits for the provider's confirmation first.
  const unknown = !(error instanceof MailSendError) || error.mayHaveBeenSent;
  const failedAt = deps.clock.now();
  const retryAt = new Date(failedAt.getTime() + Math.max(minutes(delayMinutes), unknown ? minutes(MAIL.confirmWaitMinutes) : 0));
  await deps.outbox.release(mail, token, { retryAt, note, mayHaveBeenSent: unknown, now: failedAt });
  return { kind: 'retry', note, retryAt: retryAt.toISOString() };
}
