import type { PostError } from '../../../contract/api/posts';
import type { Block, MailDocument, MailFooter } from './mail-document';
import type { MailLinks } from './mail-links';
import { firstWords, formatDay, formatTime, plural, type MailZone } from './mail-text';

/** A post as a mail lists it: its first words and its time, never its text. */
export interface ListedPost {
  id: string;
  content: string;
  /** The time that matters for the list: due, published. */
  at: string | null;
}

export interface FailedPost extends ListedPost {
  error: PostError;
}

export interface KindMailInput {
  links: MailLinks;
  zone: MailZone;
  footer: MailFooter;
}

/** More items than a mail lists: a count when known, MORE_UNCOUNTED when only "more" is known (a list that had a next page). */
export const MORE_UNCOUNTED = -1;

function moreLine(more: number, what: string): Block[] {
  if (more === MORE_UNCOUNTED) return [{ type: 'p', text: `And more ${what}s, not listed here.` }];
  return more > 0 ? [{ type: 'p', text: `And ${plural(more, what)} more, not listed here.` }] : [];
}

/** How many, for a subject or a summary line: "3 posts", "20+ posts". */
function counted(listed: number, more: number, what: string): string {
  return more === MORE_UNCOUNTED ? `${listed}+ ${what}s` : plural(listed + more, what);
}

function when(post: ListedPost, zone: MailZone, prefix: string): string {
  return post.at ? `${prefix} ${formatTime(post.at, zone)}` : `${prefix} now`;
}

/** "A post could not be published": each post, LinkedIn's reason, and a link to it on the Failed tab (Retry is there). */
export function postFailedMail(posts: FailedPost[], more: number, input: KindMailInput): MailDocument {
  const n = posts.length + more;
  return {
    subject: n === 1 ? 'A post could not be published' : `${n} posts could not be published`,
    heading: n === 1 ? 'A post could not be published' : `${n} posts could not be published`,
    blocks: [
      { type: 'p', text: n === 1 ? 'Mark.0 could not publish this post to LinkedIn:' : 'Mark.0 could not publish these posts to LinkedIn:' },
      {
        type: 'list',
        items: posts.map((post) => ({
          text: `${firstWords(post.content)}, ${when(post, input.zone, 'due')}`,
          detail: `Why: ${post.error.message}`,
          link: { label: 'Open it to retry', url: input.links.failedPost(post.id) },
        })),
      },
      ...moreLine(more, 'post'),
      { type: 'p', text: 'Retry publishes a post at once; you can also edit or reschedule it first.' },
    ],
    footer: input.footer,
  };
}

export interface LinkedInMailInput extends KindMailInput {
  /** lost: LinkedIn refused the token or it expired; expiring: it will in `daysLeft` days. */
  situation: { type: 'lost'; reason: 'unauthorized' | 'expired' } | { type: 'expiring'; expiresAt: string; daysLeft: number };
  waiting: ListedPost[];
  moreWaiting: number;
}

/** "LinkedIn needs reconnecting": why, what waits (first words and time), and where to reconnect. */
export function linkedinMail(input: LinkedInMailInput): MailDocument {
  const { situation, waiting, moreWaiting, zone, links } = input;
  const waitingCount = waiting.length + Math.max(0, moreWaiting);
  const blocks: Block[] = [];
  let subject: string;
  if (situation.type === 'expiring') {
    const days = situation.daysLeft <= 1 ? 'tomorrow' : `in ${situation.daysLeft} days`;
    subject = `Your LinkedIn connection expires ${days}`;
    blocks.push({
      type: 'p',
      text:
        `LinkedIn lets Mark.0 post for you until ${formatTime(situation.expiresAt, zone)}. ` +
        'Reconnect before then and your scheduled posts keep going out on time; it takes a few seconds.',
    });
  } else {
    subject = waitingCount > 0 ? `Reconnect LinkedIn: ${counted(waiting.length, moreWaiting, 'post')} waiting` : 'Reconnect LinkedIn to keep publishing';
    blocks.push({
      type: 'p',
      text:
        situation.reason === 'expired'
          ? 'Your LinkedIn connection has expired (LinkedIn ends every connection after 60 days), so Mark.0 cannot publish for you.'
          : 'LinkedIn no longer accepts Mark.0’s access to your account (it was revoked or replaced), so Mark.0 cannot publish for you.',
    });
  }
  if (waitingCount > 0) {
    blocks.push(
      { type: 'p', text: `${waitingCount === 1 ? 'This post waits' : 'These posts wait'} for you to reconnect, and go out once you do:` },
      { type: 'list', items: waiting.map((post) => ({ text: `${firstWords(post.content)}, ${when(post, zone, 'due')}` })) },
      ...moreLine(moreWaiting, 'post'),
    );
  }
  blocks.push({ type: 'action', link: { label: 'Reconnect LinkedIn', url: links.reconnect() } });
  if (waitingCount > 0) blocks.push({ type: 'p', text: `See what waits: ${links.waitingPosts()}` });
  return { subject, heading: subject, blocks, footer: input.footer };
}

export interface WeeklyMailInput extends KindMailInput {
  weekStart: string;
  published: ListedPost[];
  morePublished: number;
  scheduled: ListedPost[];
  moreScheduled: number;
  failed: number;
  waiting: number;
}

/** The optional weekly summary: what went out, what is coming, what needs a look. */
export function weeklyMail(input: WeeklyMailInput): MailDocument {
  const { zone, links } = input;
  const published = counted(input.published.length, input.morePublished, 'post');
  const scheduled = counted(input.scheduled.length, input.moreScheduled, 'post');
  const blocks: Block[] = [{ type: 'p', text: `Since ${formatDay(input.weekStart, zone)}: ${published} published; ${scheduled} scheduled for the next 7 days.` }];
  if (input.published.length > 0) {
    blocks.push({ type: 'p', text: 'Published:' }, { type: 'list', items: input.published.map((post) => ({ text: `${firstWords(post.content)}, ${when(post, zone, 'on')}` })) });
    blocks.push(...moreLine(input.morePublished, 'post'));
  }
  if (input.scheduled.length > 0) {
    blocks.push({ type: 'p', text: 'Coming up:' }, { type: 'list', items: input.scheduled.map((post) => ({ text: `${firstWords(post.content)}, ${when(post, zone, 'due')}` })) });
    blocks.push(...moreLine(input.moreScheduled, 'post'));
  }
  if (input.failed > 0) blocks.push({ type: 'p', text: `${plural(input.failed, 'post')} failed and can be retried: ${links.page('/posts?status=failed')}` });
  if (input.waiting > 0) blocks.push({ type: 'p', text: `${plural(input.waiting, 'post')} wait for you to reconnect LinkedIn: ${links.reconnect()}` });
  blocks.push({ type: 'action', link: { label: 'Open your calendar', url: links.page('/calendar') } });
  const subject = `Your week on Mark.0: ${published} published, ${scheduled} scheduled`;
  return { subject, heading: 'Your week on Mark.0', blocks, footer: input.footer };
}
