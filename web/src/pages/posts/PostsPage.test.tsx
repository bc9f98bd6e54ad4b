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

describe('PostsPage', () => {
  it('edits a post, sending the version it was loaded at', async () => {
    const api = new FakeApi(undefined, () => NOW);
    const [post] = api.seed(1);
    renderPage(api);
    fireEvent.click(await screen.findByRole('button', { name: /^Edit/ }));
    const editor = screen.getByLabelText('Edit post');
    expect(document.activeElement).toBe(editor);
    fireEvent.change(editor, { target: { value: 'Better words' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Better words')).toBeTruthy();
    expect(api.calls).toContain(`update ${post!.id} v1`);
    expect(api.posts[0]!.version).toBe(2);
  });

  it('on a version conflict, shows the API message and offers to reload the latest version', async () => {
    const api = new FakeApi(undefined, () => NOW);
    const [post] = api.seed(1);
    renderPage(api);
    fireEvent.click(await screen.findByRole('button', { name: /^Edit/ }));
    api.editElsewhere(post!.id, 'Saved in another tab');
    fireEvent.change(screen.getByLabelText('Edit post'), { target: { value: 'Mine' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The post changed since you loaded it (you had version 1, it is now 2).');
    fireEvent.click(within(alert).getByRole('button', { name: 'Discard my changes and reload' }));
    await waitFor(() => expect((screen.getByLabelText('Edit post') as HTMLTextAreaElement).value).toBe('Saved in another tab'));
    expect(screen.getByText('Reloaded the latest version.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Edit post'), { target: { value: 'Mine, on top of theirs' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Mine, on top of theirs')).toBeTruthy();
    expect(api.calls).toContain(`update ${post!.id} v2`);
  });

  it('reopens an unsaved edit after a reload, still tied to the version it started from', async () => {
    const api = new FakeApi(undefined, () => NOW);
    const [post] = api.seed(1);
    new UnsavedTextStore(api.user.userId).set(post!.id, 'typed before the session expired', 1);
    renderPage(api);
    const editor = (await screen.findByLabelText('Edit post')) as HTMLTextAreaElement;
    expect(editor.value).toBe('typed before the session expired');
    expect(screen.getByText('Your unsaved changes were restored.')).toBeTruthy();
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
    const drafts = await screen.findByRole('tab', { name: 'Drafts' });
    expect(drafts.getAttribute('aria-selected')).toBe('true');
    act(() => drafts.focus());
    fireEvent.keyDown(drafts, { key: 'ArrowRight' });
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Scheduled' }), { key: 'ArrowRight' });
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Waiting' }), { key: 'ArrowRight' });
    const published = screen.getByRole('tab', { name: 'Published' });
    expect(published.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(published);
    await waitFor(() => expect(posts()).toHaveLength(1));
    expect(within(posts()[0]!).getByText('Published')).toBeTruthy();
    expect(window.location.search).toBe('?status=published');
    // Published posts cannot be edited.
    expect(within(posts()[0]!).queryByRole('button', { name: /^Edit/ })).toBeNull();
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
    // The publisher finishes; the page looks again on its own and shows the result.
    api.settle(post!.id, { published: 'urn:li:share:7001' });
    const link = await screen.findByRole('link', { name: /View on LinkedIn/ });
    expect(link.getAttribute('href')).toBe('https://www.linkedin.com/feed/update/urn:li:share:7001');
    expect(screen.getByText('A post was published on LinkedIn.')).toBeTruthy();
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

  it('links the earlier post LinkedIn names when it refused a repeat', async () => {
    const api = new FakeApi(undefined, () => NOW);
    api.connect();
    const url = 'https://www.linkedin.com/feed/update/urn:li:share:7141138937766391808';
    api.seed(1, 'failed', { error: { code: 'LINKEDIN_DUPLICATE', message: `LinkedIn refused this post as a repeat of your earlier post ${url} (it does not take the same text twice). Change the text, then press Retry.` } });
    window.history.replaceState(null, '', '/posts?status=failed');
    renderPage(api);
    const card = (await screen.findAllByRole('article'))[0]!;
    expect(within(card).getByRole('link', { name: new RegExp(url.replace(/[.:/]/g, '\\$&')) }).getAttribute('href')).toBe(url);
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
    api.seed(1);
    const { leaveTo } = renderPage(api);
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
    const [post] = api.seed(1, 'scheduled', { scheduledAt: new Date(Date.now() + 150).toISOString() });
    window.history.replaceState(null, '', '/posts?status=scheduled');
    renderSignedIn(<PostsPage refreshMs={10} />, { api });
    await screen.findByText(/^Scheduled for/);
    api.settle(post!.id, { published: 'urn:li:share:42' });
    expect((await screen.findByRole('link', { name: /View on LinkedIn/ })).getAttribute('href')).toBe('https://www.linkedin.com/feed/update/urn:li:share:42');
  });
});
