import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { UnsavedTextStore } from '../../drafts/unsaved-text';
import { formatDateTime, formatDayMonth } from '../../posts/format-time';
import { renderSignedIn } from '../../test/account-harness';
import { FakeApi } from '../../test/fake-api';
import { PAGE_SIZE, PostsPage } from './PostsPage';

const NOW = new Date('2026-03-28T10:00:00Z');

function renderPage(api = new FakeApi(undefined, () => NOW)) {
  return renderSignedIn(<PostsPage refreshMs={10} />, { api });
}

const posts = () => screen.queryAllByRole('article');

// Whole pages: give them room on a loaded machine.
/** A paused queue, a post scheduled by hand and, if `queued`, one from the queue; `asked()` counts schedule reads. */
function pausedQueue({ queued }: { queued: boolean }): { api: FakeApi; asked: () => number } {
  const api = new FakeApi(undefined, () => NOW);
  api.connect();
  if (queued) api.seed(1, 'scheduled', { content: 'From the queue', scheduledAt: '2026-04-01T09:00:00Z', queue: 'linkedin' });
  api.seed(1, 'scheduled', { content: 'Set by hand', scheduledAt: '2026-04-02T09:00:00Z', queue: null });
  api.queue.schedule = { ...api.queue.schedule, paused: true, pausedAt: NOW.toISOString() };
  let asked = 0;
  const getSchedule = api.queue.getSchedule.bind(api.queue);
  api.queue.getSchedule = () => (asked++, getSchedule());
  return { api, asked: () => asked };
}

describe('PostsPage', { timeout: 20_000 }, () => {
  it('edits in the full composer: Edit opens the post there, and unsaved changes say where they wait', async () => {
    const api = new FakeApi(undefined, () => NOW);
    const [post, other] = api.seed(2);
    new UnsavedTextStore(api.user.userId).set(other!.id, 'typed before the session expired', 1);
    renderPage(api);
    const edit = await screen.findByRole('link', { name: `Edit post: ${post!.content}` });
    expect(edit.getAttribute('href')).toBe(`/?post=${post!.id}`);
    fireEvent.click(edit);
    expect(`${window.location.pathname}${window.location.search}`).toBe(`/?post=${post!.id}`);
    const card = screen.getByRole('article', { name: new RegExp(other!.content) });
    expect(within(card).getByText(/^You have unsaved changes to this post on this device\./)).toBeTruthy();
    expect(within(card).getByRole('link', { name: 'Go on editing' }).getAttribute('href')).toBe(`/?post=${other!.id}`);
    expect(screen.queryByRole('textbox')).toBeNull();
  });

  it('with the queue paused, marks the queued posts on Scheduled and says so once, pointing to the Queue page (one request)', async () => {
    const { api, asked } = pausedQueue({ queued: true });
    renderPage(api);
    const notice = await screen.findByText(/^Your queue is paused: queued posts will not go out until you resume it on the/);
    expect(within(notice).getByRole('link', { name: 'Queue page' }).getAttribute('href')).toBe('/queue');
    expect(within(screen.getByRole('article', { name: /From the queue/ })).getByText('Queue paused')).toBeTruthy();
    expect(within(screen.getByRole('article', { name: /Set by hand/ })).queryByText('Queue paused')).toBeNull();
    expect(asked()).toBe(1);
  });

  it('asks nothing about the queue, and says nothing, when no queued post is on screen', async () => {
    const { api, asked } = pausedQueue({ queued: false });
    renderPage(api);
    await waitFor(() => expect(posts()).toHaveLength(1));
    expect(screen.queryByText(/Your queue is paused/)).toBeNull();
    expect(screen.queryByText('Queue paused')).toBeNull();
    expect(asked()).toBe(0);
  });

  it('shows how many posts each tab holds, and opens on a tab that has posts', async () => {
    const api = new FakeApi(undefined, () => NOW);
    api.connect();
    api.seed(1, 'scheduled', { scheduledAt: '2026-04-01T09:00:00Z' });
    api.seed(3, 'published');
    renderPage(api);
    // Nothing in Drafts: Posts opens on Scheduled, never on an empty Drafts tab.
    const scheduled = await screen.findByRole('tab', { name: /^Scheduled/ });
    expect(scheduled.getAttribute('aria-selected')).toBe('true');
    expect(screen.getAllByRole('tab').map((tab) => tab.textContent)).toEqual(['Drafts (0)', 'Scheduled (1)', 'Waiting (0)', 'Published (3)', 'Failed (0)', 'All (4)']);
    await waitFor(() => expect(posts()).toHaveLength(1));
    expect(api.calls).toEqual(['list scheduled -']);
  });

  it.each([
    ['draft', /^No drafts\. A post you save without a time waits here/, ['Write a post']],
    ['scheduled', /^Nothing scheduled\. Write a post and schedule it, or pick a time in the calendar\./, ['Write a post', 'Open the calendar']],
    ['all', /^No posts yet\./, ['Write a post', 'Open the calendar']],
  ])('says what an empty %s tab would hold and points to real actions', async (status, words, actions) => {
    window.history.replaceState(null, '', `/posts?status=${status}`);
    renderPage();
    const panel = await screen.findByRole('tabpanel');
    await waitFor(() => expect(within(panel).getByText(words)).toBeTruthy());
    expect(within(panel).getAllByRole('link').map((link) => [link.textContent, link.getAttribute('href')])).toEqual(
      actions.map((name) => [name, name === 'Write a post' ? '/' : '/calendar']),
    );
    expect(panel.textContent).not.toMatch(/above/);
  });

  it('asks before publishing a post now; Cancel sends nothing', async () => {
    const api = new FakeApi(undefined, () => NOW);
    api.connect();
    const [post] = api.seed(1);
    renderPage(api);
    const card = (await screen.findAllByRole('article'))[0]!;
    fireEvent.click(within(card).getByRole('button', { name: /^Publish now/ }));
    expect(within(card).getByRole('group', { name: /^Publish this post on LinkedIn now\?/ })).toBeTruthy();
    fireEvent.click(within(card).getByRole('button', { name: 'Cancel' }));
    expect(api.calls.some((c) => c.startsWith('publish'))).toBe(false);
    fireEvent.click(within(card).getByRole('button', { name: /^Publish now/ }));
    fireEvent.click(within(card).getByRole('button', { name: 'Yes, publish now' }));
    await waitFor(() => expect(api.calls).toContain(`publish ${post!.id}`));
  });

  it.each([
    ['draft', 3_250, '250'],
    ['failed', 3_001, '1'],
  ] as const)("marks a %s post over LinkedIn's limit and offers only Edit and Delete until it is shortened", async (status, length, over) => {
    const api = new FakeApi(undefined, () => NOW);
    api.connect();
    api.seed(1, status, { content: 'x'.repeat(length), ...(status === 'failed' ? { error: { code: 'LINKEDIN_REJECTED', message: 'Refused.' } } : {}) });
    renderPage(api);
    const card = (await screen.findAllByRole('article'))[0]!;
    expect(within(card).getByText('Too long for LinkedIn')).toBeTruthy();
    expect(within(card).getByText(`${over} characters over LinkedIn's 3,000: edit it to shorten it, then schedule or publish it.`)).toBeTruthy();
    expect(within(card).getAllByRole('button').map((b) => b.textContent)).toEqual(['Show more', 'Delete']);
    expect(within(card).getByRole('link', { name: /^Edit post/ })).toBeTruthy();
  });

  it('says "connect LinkedIn first" above the posts, and their Schedule and Publish wait for it', async () => {
    const api = new FakeApi(undefined, () => NOW);
    api.seed(1);
    const { leaveTo } = renderPage(api);
    const card = (await screen.findAllByRole('article'))[0]!;
    const note = screen.getByText(/^Connect LinkedIn first/).closest('.notice') as HTMLElement;
    for (const name of [/^Schedule post/, /^Publish now/]) {
      const button = within(card).getByRole('button', { name }) as HTMLButtonElement;
      expect(button.disabled).toBe(true);
      expect(button.getAttribute('aria-describedby')).toBe(note.id);
    }
    fireEvent.click(within(note).getByRole('button', { name: 'Connect LinkedIn' }));
    await waitFor(() => expect(leaveTo).toHaveBeenCalledWith(api.authorizationUrl));
  });

  it('deletes only after confirmation, and Keep it cancels', async () => {
    const api = new FakeApi(undefined, () => NOW);
    api.seed(2);
    renderPage(api);
    await waitFor(() => expect(posts()).toHaveLength(2));
    const first = posts()[0]!;
    fireEvent.click(within(first).getByRole('button', { name: /^Delete/ }));
    expect(document.activeElement).toBe(within(first).getByRole('button', { name: 'Keep it' }));
    fireEvent.click(within(first).getByRole('button', { name: 'Keep it' }));
    expect(api.posts).toHaveLength(2);

    fireEvent.click(within(first).getByRole('button', { name: /^Delete/ }));
    expect(within(first).getByText('Delete this post? This cannot be undone.')).toBeTruthy();
    fireEvent.click(within(first).getByRole('button', { name: 'Delete post' }));
    await waitFor(() => expect(posts()).toHaveLength(1));
    expect(api.posts).toHaveLength(1);
    expect(screen.getByRole('status').textContent).toBe('Post deleted.');
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Your posts' }));
  });

  it('says when a published post went out late, and when it was due; on time, just when it went out', async () => {
    window.history.replaceState(null, '', '/posts?status=published');
    const api = new FakeApi(undefined, () => NOW);
    api.user.timezone = 'UTC';
    api.seed(1, 'published', { content: 'Late', scheduledAt: '2026-03-01T09:00:00.000Z', publishedAt: '2026-03-01T09:06:15.000Z' });
    api.seed(1, 'published', { content: 'Days late', scheduledAt: '2026-03-01T09:00:00.000Z', publishedAt: '2026-03-03T10:00:00.000Z' });
    api.seed(1, 'published', { content: 'On time', scheduledAt: '2026-03-01T09:00:00.000Z', publishedAt: '2026-03-01T09:00:01.000Z' });
    renderPage(api);
    await waitFor(() => expect(posts()).toHaveLength(3));
    const card = (name: string) => screen.getByRole('article', { name: new RegExp(name) }).textContent!;
    expect(card('post: Late$')).toContain('Published Mar 1, 2026, 9:06 AM, 6 min late (due Mar 1, 2026, 9:00 AM)');
    expect(card('post: Days late$')).toMatch(/, 2 days late \(due /);
    expect(card('post: On time$')).not.toMatch(/late/);
  });

  it('says a published post is removed from Mark.0 only: it stays on LinkedIn', async () => {
    window.history.replaceState(null, '', '/posts?status=published');
    const api = new FakeApi(undefined, () => NOW);
    api.seed(2, 'published', { linkedinUrl: 'https://www.linkedin.com/feed/update/urn:li:share:1' });
    renderPage(api);
    await waitFor(() => expect(posts()).toHaveLength(2));
    const first = posts()[0]!;
    fireEvent.click(within(first).getByRole('button', { name: /^Delete/ }));
    expect(within(first).getByText('Remove it from Mark.0? It stays on LinkedIn; delete it there to take it down.')).toBeTruthy();
    expect(within(first).queryByText(/cannot be undone/)).toBeNull();
    fireEvent.click(within(first).getByRole('button', { name: 'Remove from Mark.0' }));
    await waitFor(() => expect(posts()).toHaveLength(1));
    expect(api.posts).toHaveLength(1);
    expect(screen.getByRole('status').textContent).toBe('Removed from Mark.0. It is still on LinkedIn.');
  });

  it('pages with the cursor when "Load more" is pressed', async () => {
    const api = new FakeApi(undefined, () => NOW);
    api.seed(PAGE_SIZE + 5);
    renderPage(api);
    await waitFor(() => expect(posts()).toHaveLength(PAGE_SIZE));
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(posts()).toHaveLength(PAGE_SIZE + 5));
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(api.calls).toEqual(['list draft -', `list draft ${PAGE_SIZE}`]);
  });

  it('switches tabs with arrow keys and lists that status, remembering it in the address bar', async () => {
    const api = new FakeApi(undefined, () => NOW);
    api.seed(1, 'draft');
    api.seed(1, 'published');
    renderPage(api);
    const drafts = await screen.findByRole('tab', { name: /^Drafts/ });
    expect(drafts.getAttribute('aria-selected')).toBe('true');
    act(() => drafts.focus());
    fireEvent.keyDown(drafts, { key: 'ArrowRight' });
    fireEvent.keyDown(screen.getByRole('tab', { name: /^Scheduled/ }), { key: 'ArrowRight' });
    fireEvent.keyDown(screen.getByRole('tab', { name: /^Waiting/ }), { key: 'ArrowRight' });
    const published = screen.getByRole('tab', { name: /^Published/ });
    expect(published.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(published);
    await waitFor(() => expect(posts()).toHaveLength(1));
    expect(within(posts()[0]!).getByText('Published')).toBeTruthy();
    expect(window.location.search).toBe('?status=published');
    // Published posts cannot be edited.
    expect(within(posts()[0]!).queryByRole('link', { name: /^Edit/ })).toBeNull();
  });

  it("shows a failed post's reason, retries it, and shows it published with its LinkedIn link", async () => {
    const api = new FakeApi(undefined, () => NOW);
    api.connect();
    const [post] = api.seed(1, 'failed', { error: { code: 'LINKEDIN_REJECTED', message: 'LinkedIn refused the post: the text is a duplicate of an earlier one.' } });
    window.history.replaceState(null, '', '/posts?status=failed');
    renderPage(api);
    const card = (await screen.findAllByRole('article'))[0]!;
    expect(within(card).getByText('LinkedIn refused the post: the text is a duplicate of an earlier one.')).toBeTruthy();
    fireEvent.click(within(card).getByRole('button', { name: /^Retry publishing/ }));
    expect(await screen.findByText('Trying again: publishing now.')).toBeTruthy();
    expect(api.calls).toContain(`publish ${post!.id}`);
    expect(within(posts()[0]!).getByText('Publishing to LinkedIn… this takes a few seconds.')).toBeTruthy();
    // The publisher takes it (publishing), as the page and the account's counts see, then finishes; the page looks
    // again on its own and shows the result.
    const meReads = () => api.calls.filter((c) => c === 'me').length;
    const before = meReads();
    api.claim(post!.id);
    await waitFor(() => expect(meReads()).toBeGreaterThan(before));
    const afterClaim = meReads();
    api.settle(post!.id, { published: 'urn:li:share:7001' });
    const link = await screen.findByRole('link', { name: /View on LinkedIn/ });
    expect(link.getAttribute('href')).toBe('https://www.linkedin.com/feed/update/urn:li:share:7001');
    expect(screen.getByText('A post was published on LinkedIn.')).toBeTruthy();
    // Nothing is publishing any more (the counts are read again), and the post it followed stays on screen with
    // its link: it left Failed while the user watched, and is not taken away under them.
    await waitFor(() => expect(meReads()).toBeGreaterThan(afterClaim));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(posts()).toHaveLength(1);
    expect(within(posts()[0]!).getByRole('link', { name: /View on LinkedIn/ })).toBeTruthy();
  });

  it.each([
    ['not connected', (api: FakeApi) => void api, 'LinkedIn is not connected: connect it, then press Retry.', 'Connect LinkedIn'],
    ['still needing a reconnect', (api: FakeApi) => (api.connect(), (api.user.linkedin!.needsReconnect = true)), 'LinkedIn still needs you to reconnect: reconnect, then press Retry.', 'Reconnect LinkedIn'],
    ['connected again', (api: FakeApi) => api.connect(), 'LinkedIn is connected now: Retry should work.', undefined],
  ])('says what the connection is now under a post that failed for it: %s', async (_, setUp, note, button) => {
    const api = new FakeApi(undefined, () => NOW);
    setUp(api);
    api.seed(1, 'failed', { error: { code: 'LINKEDIN_RECONNECT_REQUIRED', message: 'Your LinkedIn account is not connected. Connect it in Settings, then press Retry.' } });
    window.history.replaceState(null, '', '/posts?status=failed');
    renderPage(api);
    const card = (await screen.findAllByRole('article'))[0]!;
    expect(within(card).getByText(note)).toBeTruthy();
    expect(within(card).queryByText(/reconnected since/)).toBeNull();
    if (button) expect(within(card).getByRole('button', { name: button })).toBeTruthy();
    else expect(within(card).queryByRole('button', { name: /Connect LinkedIn/ })).toBeNull();
  });

  /** The card of one failed post, for this reason, on the Failed tab (LinkedIn connected). */
  async function failedCard(error: { code: string; message: string }): Promise<HTMLElement> {
    const api = new FakeApi(undefined, () => NOW);
    api.connect();
    api.seed(1, 'failed', { error });
    window.history.replaceState(null, '', '/posts?status=failed');
    renderPage(api);
    return (await screen.findAllByRole('article'))[0]!;
  }

  it('links the earlier post LinkedIn names when it refused a repeat', async () => {
    const url = 'https://www.linkedin.com/feed/update/urn:li:share:7141138937766391808';
    const card = await failedCard({ code: 'LINKEDIN_DUPLICATE', message: `LinkedIn refused this post as a repeat of your earlier post ${url} (it does not take the same text twice). Change the text, then press Retry.` });
    expect(within(card).getByRole('link', { name: new RegExp(url.replace(/[.:/]/g, '\\$&')) }).getAttribute('href')).toBe(url);
  });

  it('offers Add to queue among a failed post\'s actions, after Retry, Edit and Schedule', async () => {
    const card = await failedCard({ code: 'LINKEDIN_REJECTED', message: 'LinkedIn refused it.' });
    const actions = within(card).getByRole('button', { name: /^Retry publishing/ }).parentElement!;
    expect([...actions.querySelectorAll('button, a')].map((el) => el.textContent)).toEqual(['Retry', 'Edit', 'Schedule', 'Add to queue', 'Delete']);
  });

  it("links an address in LinkedIn's reason without the full stop after it", async () => {
    const card = await failedCard({ code: 'LINKEDIN_REJECTED', message: 'LinkedIn refused the post: see https://learn.microsoft.com/linkedin/marketing/community-management/shares/posts-api.' });
    expect(within(card).getByRole('link', { name: /learn\.microsoft\.com/ }).getAttribute('href')).toBe('https://learn.microsoft.com/linkedin/marketing/community-management/shares/posts-api');
  });

  it('asks for a reconnect under a waiting post while LinkedIn is not working, and offers no publish it would refuse', async () => {
    const api = new FakeApi(undefined, () => NOW);
    api.connect();
    api.user.linkedin!.needsReconnect = true;
    api.seed(1, 'waiting', { scheduledAt: '2026-03-28T09:00:00Z' });
    window.history.replaceState(null, '', '/posts?status=waiting');
    renderPage(api);
    const card = (await screen.findAllByRole('article'))[0]!;
    expect(within(card).getByText('Waiting')).toBeTruthy();
    expect(within(card).getByText(/Reconnect LinkedIn and it goes out within a minute/)).toBeTruthy();
    expect(within(card).getByRole('button', { name: 'Reconnect LinkedIn' })).toBeTruthy();
    expect(within(card).queryByRole('button', { name: /^Publish now/ })).toBeNull();
  });

  it('asks "publish now or reschedule?" under a post that waited more than a day, once LinkedIn works, and publishes it', async () => {
    const api = new FakeApi(undefined, () => NOW);
    api.connect();
    const [post] = api.seed(1, 'waiting', { scheduledAt: '2026-03-26T09:00:00Z' });
    window.history.replaceState(null, '', '/posts?status=waiting');
    renderPage(api);
    const card = (await screen.findAllByRole('article'))[0]!;
    expect(within(card).getByText(/more than a day ago, while LinkedIn was not connected\. Publish it now, or reschedule it\?/)).toBeTruthy();
    expect(within(card).getByRole('button', { name: /^Reschedule post/ })).toBeTruthy();
    fireEvent.click(within(card).getByRole('button', { name: /^Publish now/ }));
    fireEvent.click(within(card).getByRole('button', { name: 'Yes, publish now' }));
    await waitFor(() => expect(api.calls).toContain(`publish ${post!.id}`));
  });

  it('warns, in the user time zone, when the LinkedIn connection expires before the post\'s time', async () => {
    const api = new FakeApi(undefined, () => NOW);
    api.user.timezone = 'Europe/Paris';
    api.connect(5);
    api.seed(1);
    renderPage(api);
    fireEvent.click(await screen.findByRole('button', { name: /^Schedule post/ }));
    fireEvent.change(screen.getByLabelText('Date'), { target: { value: '2026-04-10' } });
    fireEvent.change(screen.getByLabelText('Time'), { target: { value: '09:15' } });
    fireEvent.click(screen.getByRole('button', { name: 'Schedule post' }));
    const expires = formatDayMonth(api.user.linkedin!.expiresAt!, 'Europe/Paris');
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain(`Your LinkedIn connection expires on ${expires}: reconnect before then.`));
    expect(expires).toMatch(/2/);
  });

  it('schedules a draft from its card in the user time zone and says where it went', async () => {
    const api = new FakeApi(undefined, () => NOW);
    api.user.timezone = 'Europe/Paris';
    api.connect();
    const [post] = api.seed(1);
    renderPage(api);
    fireEvent.click(await screen.findByRole('button', { name: /^Schedule post/ }));
    fireEvent.change(screen.getByLabelText('Date'), { target: { value: '2026-03-30' } });
    fireEvent.change(screen.getByLabelText('Time'), { target: { value: '09:15' } });
    expect(screen.getByText(/Times in Europe\/Paris/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Schedule post' }));
    await waitFor(() => expect(posts()).toHaveLength(0));
    expect(api.calls).toContain(`schedule ${post!.id} 2026-03-30T09:15:00+02:00`);
    expect(screen.getByRole('status').textContent).toBe(`Scheduled for ${formatDateTime('2026-03-30T07:15:00Z', 'Europe/Paris')}. It is now under Scheduled.`);
  });

  it('refuses a time in the past before sending, and offers to connect LinkedIn when the API asks for it', async () => {
    const api = new FakeApi(undefined, () => NOW);
    api.connect();
    api.seed(1);
    const { leaveTo } = renderPage(api);
    // The connection ends on the server after the page loaded: the API refuses, and says how to fix it.
    api.user.linkedin = { connected: false, needsReconnect: false, name: null, pictureUrl: null, memberUrn: null, expiresAt: null };
    fireEvent.click(await screen.findByRole('button', { name: /^Schedule post/ }));
    fireEvent.change(screen.getByLabelText('Date'), { target: { value: '2026-03-28' } });
    fireEvent.change(screen.getByLabelText('Time'), { target: { value: '09:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Schedule post' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Pick a time at least a minute from now.');
    expect(api.calls.filter((c) => c.startsWith('schedule'))).toEqual([]);

    fireEvent.change(screen.getByLabelText('Time'), { target: { value: '18:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Schedule post' }));
    const alert = await screen.findByText('Connect your LinkedIn account before scheduling posts.');
    fireEvent.click(within(alert.closest('.notice')! as HTMLElement).getByRole('button', { name: 'Connect LinkedIn' }));
    await waitFor(() => expect(leaveTo).toHaveBeenCalledWith(api.authorizationUrl));
    expect(api.calls).toContain('connect http://localhost:3000/posts?status=draft');
  });

  it('follows a scheduled post once its time comes, and shows it published with its link without a reload', async () => {
    const api = new FakeApi(); // the real clock: the post falls due while the page is open
    api.connect();
    // Due a few seconds on: time for the first render to show it scheduled, even on a loaded machine (at 150 ms it
    // was due, and shown publishing, before the list had drawn).
    const [post] = api.seed(1, 'scheduled', { scheduledAt: new Date(Date.now() + 3_000).toISOString() });
    window.history.replaceState(null, '', '/posts?status=scheduled');
    renderSignedIn(<PostsPage refreshMs={10} />, { api });
    await screen.findByText(/^Scheduled for/);
    api.settle(post!.id, { published: 'urn:li:share:42' });
    // Not before its time: the page looks again once it is due.
    expect(screen.queryByRole('link', { name: /View on LinkedIn/ })).toBeNull();
    expect((await screen.findByRole('link', { name: /View on LinkedIn/ }, { timeout: 10_000 })).getAttribute('href')).toBe('https://www.linkedin.com/feed/update/urn:li:share:42');
  });

  it('on Published, shows a post published from elsewhere (the queue, the composer) once it is out, without a reload', async () => {
    const api = new FakeApi(undefined, () => NOW);
    api.connect();
    api.seed(1, 'published', { linkedinUrn: 'urn:li:share:1', linkedinUrl: 'https://www.linkedin.com/feed/update/urn:li:share:1' });
    const [post] = api.seed(1, 'publishing');
    window.history.replaceState(null, '', '/posts?status=published');
    renderPage(api);
    await waitFor(() => expect(posts()).toHaveLength(1));
    // While it is publishing the account's counts are read again; the tab itself is not, nothing having changed.
    await waitFor(() => expect(api.calls.filter((c) => c === 'me').length).toBeGreaterThanOrEqual(2));
    expect(api.calls.filter((c) => c.startsWith('list'))).toEqual(['list published -']);
    api.settle(post!.id, { published: 'urn:li:share:2' });
    await waitFor(() => expect(posts()).toHaveLength(2));
    expect(api.calls.filter((c) => c.startsWith('list'))).toEqual(['list published -', 'list published -']);
    const count = api.calls.length;
    // Nothing publishing any more: the page stops asking.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(api.calls.length).toBe(count);
  });

  it('on Published, shows a post published now elsewhere that the publisher had not taken yet when the page opened, then stops asking', async () => {
    const api = new FakeApi(undefined, () => NOW);
    api.connect();
    // Published now from the queue a moment ago: due (scheduled at this second), not yet publishing.
    const [post] = api.seed(1, 'scheduled', { scheduledAt: NOW.toISOString() });
    window.history.replaceState(null, '', '/posts?status=published');
    renderSignedIn(<PostsPage refreshMs={200} />, { api });
    await screen.findByText(/^Nothing published yet/);
    await waitFor(() => expect(api.calls.filter((c) => c === 'me').length).toBeGreaterThanOrEqual(1));
    // The publisher takes it and publishes it between two reads of the counts: the tab is read again.
    api.settle(post!.id, { published: 'urn:li:share:9' });
    expect((await screen.findByRole('link', { name: /View on LinkedIn/ })).getAttribute('href')).toBe('https://www.linkedin.com/feed/update/urn:li:share:9');
    // A few reads after the page opened, no more (nothing is scheduled or publishing now).
    await new Promise((resolve) => setTimeout(resolve, 700));
    const count = api.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(api.calls.length).toBe(count);
    expect(api.calls.filter((c) => c === 'me').length).toBeLessThanOrEqual(3);
  });

  it('reads the counts only a few times after opening while posts are scheduled for later', async () => {
    const api = new FakeApi(undefined, () => NOW);
    api.connect();
    api.seed(2, 'scheduled', { scheduledAt: '2026-04-01T09:00:00Z' });
    window.history.replaceState(null, '', '/posts?status=published');
    renderPage(api);
    await waitFor(() => expect(api.calls.filter((c) => c === 'me').length).toBe(3));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(api.calls.filter((c) => c === 'me').length).toBe(3);
  });
  it('says a post publishing for more than 90 seconds is still being tried, by its last update; a due post by its time', async () => {
    let clock = NOW;
    const api = new FakeApi(undefined, () => clock);
    api.connect();
    const [stuck] = api.seed(1, 'publishing', { content: 'Claimed at ten', updatedAt: NOW.toISOString() });
    api.seed(1, 'scheduled', { content: 'Due at ten', scheduledAt: NOW.toISOString(), updatedAt: '2026-03-27T10:00:00Z' });
    window.history.replaceState(null, '', '/posts?status=all');
    let reads = 0;
    const getPost = api.getPost.bind(api);
    api.getPost = (id) => (reads++, getPost(id));
    renderPage(api);
    const card = (name: RegExp) => screen.getByRole('article', { name });
    const stillTrying = /^Still trying to publish: LinkedIn is slow or unreachable; Mark\.0 keeps trying and will tell you if it fails\.$/;
    await waitFor(() => expect(within(card(/Claimed at ten/)).getByText('Publishing to LinkedIn… this takes a few seconds.')).toBeTruthy());
    expect(within(card(/Due at ten/)).getByText('Publishing to LinkedIn… this takes a few seconds.')).toBeTruthy();

    // 90 seconds on, and the page has looked again: still the usual words.
    clock = new Date(NOW.getTime() + 90_000);
    const seen = reads;
    await waitFor(() => expect(reads).toBeGreaterThan(seen + 2));
    expect(screen.queryByText(stillTrying)).toBeNull();
    expect(screen.getAllByText('Publishing now')).toHaveLength(2);

    // Past 90 seconds both say they are still being tried, and since when.
    clock = new Date(NOW.getTime() + 91_000);
    await waitFor(() => expect(screen.getAllByText(stillTrying)).toHaveLength(2));
    expect(within(card(/Claimed at ten/)).queryByText('Publishing to LinkedIn… this takes a few seconds.')).toBeNull();
    expect(within(card(/Claimed at ten/)).getByText(`Publishing since ${formatDateTime(NOW.toISOString(), 'UTC')}`)).toBeTruthy();

    // A new attempt (the publisher's claim moves updatedAt) reads as a fresh one.
    api.claim(stuck!.id);
    await waitFor(() => expect(within(card(/Claimed at ten/)).getByText('Publishing to LinkedIn… this takes a few seconds.')).toBeTruthy());
    expect(within(card(/Due at ten/)).getByText(stillTrying)).toBeTruthy();
  });
});
