import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/api-error';
import { NEW_POST_KEY, UnsavedTextStore } from '../../drafts/unsaved-text';
import { renderSignedIn } from '../../test/account-harness';
import { FakeApi } from '../../test/fake-api';
import { ComposePage } from './ComposePage';

const NOW = new Date('2026-03-28T10:00:00Z');
const composer = () => screen.getByLabelText('What do you want to share?') as HTMLTextAreaElement;
const outcome = () => screen.getAllByRole('status').find((el) => el.classList.contains('flash') && el.closest('.composer'))!;
const button = (name: string | RegExp) => screen.getByRole('button', { name }) as HTMLButtonElement;

function api({ connected = true } = {}): FakeApi {
  const fake = new FakeApi(undefined, () => NOW);
  fake.user.timezone = 'Europe/Paris';
  if (connected) fake.connect();
  return fake;
}

function open(fake: FakeApi, address = '/') {
  window.history.replaceState(null, '', address);
  return renderSignedIn(<ComposePage />, { api: fake });
}

describe('Write: a fresh post, always', { timeout: 20_000 }, () => {
  it('offers a fresh post when the draft it was writing was published from Posts meanwhile', async () => {
    const fake = api();
    const [published] = fake.seed(1, 'published', { content: 'Went out from Posts.' });
    new UnsavedTextStore(fake.user.userId).set(NEW_POST_KEY, 'Went out from Posts.', published!.version, published!.id);
    open(fake);
    await waitFor(() => expect(composer().value).toBe(''));
    expect(outcome().textContent).toBe('Your last post is now Published. See it · here is a new one.');
    expect(screen.getByRole('heading', { name: 'New post' })).toBeTruthy();
    fireEvent.change(composer(), { target: { value: 'Next idea.' } });
    fireEvent.click(button('Save draft'));
    await waitFor(() => expect(fake.posts.find((p) => p.content === 'Next idea.')?.status).toBe('draft'));
    expect(fake.calls.filter((c) => c.startsWith('update'))).toEqual([]);
  });

  it('keeps text typed since as a new post when its draft went out; it is never lost', async () => {
    const fake = api();
    const [published] = fake.seed(1, 'published', { content: 'Went out.' });
    new UnsavedTextStore(fake.user.userId).set(NEW_POST_KEY, 'Went out. Plus a new paragraph.', published!.version, published!.id);
    open(fake);
    await waitFor(() => expect(outcome().textContent).toMatch(/^The draft you were writing is now Published; what is here will be saved as a new post\./));
    expect(composer().value).toBe('Went out. Plus a new paragraph.');
    expect(screen.queryByText('Saved in your drafts; changes here update that draft.')).toBeNull();
    fireEvent.click(button('Save draft'));
    await waitFor(() => expect(fake.posts.map((p) => p.content)).toContain('Went out. Plus a new paragraph.'));
    expect(fake.posts.find((p) => p.id === published!.id)!.content).toBe('Went out.');
  });

  it('"New post" keeps unsaved text in Drafts first, then empties the composer', async () => {
    const fake = api();
    const { unsaved } = open(fake);
    expect(screen.queryByRole('button', { name: 'New post' })).toBeNull(); // nothing to leave yet
    fireEvent.change(composer(), { target: { value: 'Half a thought worth keeping.' } });
    fireEvent.click(button('New post'));
    await waitFor(() => expect(composer().value).toBe(''));
    expect(fake.posts).toMatchObject([{ content: 'Half a thought worth keeping.', status: 'draft' }]);
    expect(outcome().textContent).toBe('Your text was kept: it is in Draft. See it · here is a new post.');
    expect(unsaved.get(NEW_POST_KEY)).toBeUndefined();
  });

  it('saving a draft that was published elsewhere a moment ago makes a new draft instead of failing', async () => {
    const fake = api();
    open(fake);
    fireEvent.change(composer(), { target: { value: 'Draft one.' } });
    fake.failNext('schedulePost', new ApiError(503, 'UNAVAILABLE', 'LinkedIn is not answering. Try again in a minute.'));
    fireEvent.click(button('Schedule…'));
    fireEvent.click(button('Schedule post'));
    await screen.findByText('LinkedIn is not answering. Try again in a minute.');
    const first = fake.posts[0]!;
    fake.failNext('updatePost', new ApiError(409, 'POST_NOT_EDITABLE', 'This post is published and can no longer be edited.'));
    fireEvent.change(composer(), { target: { value: 'Draft one, improved.' } });
    fireEvent.click(button('Save draft'));
    await waitFor(() => expect(outcome().textContent).toMatch(/^Draft saved\./));
    expect(fake.posts.map((p) => p.content).sort()).toEqual(['Draft one, improved.', first.content].sort());
  });
});

describe('Write: a post opened from Posts or the calendar', { timeout: 20_000 }, () => {
  it('opens the post in the full composer (preview, AI, files, schedule) and saves with the version it loaded', async () => {
    const fake = api();
    const [draft] = fake.seed(1, 'draft', { content: 'Edit me in full.' });
    open(fake, `/?post=${draft!.id}`);
    await waitFor(() => expect(composer().value).toBe('Edit me in full.'));
    expect(screen.getByRole('heading', { name: 'Edit draft post' })).toBeTruthy();
    expect(within(screen.getByRole('region', { name: 'Preview' })).getByTestId('preview-text').textContent).toBe('Edit me in full.');
    expect(button('Add images, a PDF or a video')).toBeTruthy();
    expect(screen.getByRole('region', { name: /AI/ })).toBeTruthy();
    fireEvent.change(composer(), { target: { value: 'Edited in full.' } });
    fireEvent.click(button('Save changes'));
    await waitFor(() => expect(window.location.search).toBe(''));
    expect(fake.calls).toContain(`update ${draft!.id} v1`);
    expect(fake.posts[0]!.content).toBe('Edited in full.');
    expect(outcome().textContent).toBe('Changes saved. See the post');
    // The composer offers a fresh post afterwards.
    await waitFor(() => expect(screen.getByRole('heading', { name: 'New post' })).toBeTruthy());
    expect(composer().value).toBe('');
  });

  it('reschedules a scheduled post from its own time, with its files kept', async () => {
    const fake = api();
    const [scheduled] = fake.seed(1, 'scheduled', {
      content: 'Planned.',
      scheduledAt: '2026-04-02T07:30:00.000Z',
      media: [{ id: 'img_00000000000000000000000001', kind: 'image', altText: 'A chart', previewUrl: 'blob:chart' }],
    });
    open(fake, `/?post=${scheduled!.id}`);
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Edit scheduled post' })).toBeTruthy());
    expect((screen.getByLabelText('Alt text for Image 1') as HTMLInputElement).value).toBe('A chart');
    fireEvent.click(button('Reschedule…'));
    expect((screen.getByLabelText('Date') as HTMLInputElement).value).toBe('2026-04-02');
    expect((screen.getByLabelText('Time') as HTMLInputElement).value).toBe('09:30');
    fireEvent.change(screen.getByLabelText('Time'), { target: { value: '10:45' } });
    fireEvent.click(button('Reschedule'));
    await waitFor(() => expect(fake.calls).toContain(`schedule ${scheduled!.id} 2026-04-02T10:45:00+02:00`));
    expect(fake.calls).toContain('update ' + scheduled!.id + ' v1');
    expect(fake.posts[0]!.media).toMatchObject([{ id: 'img_00000000000000000000000001', altText: 'A chart' }]);
  });

  it("keeps a scheduled post within LinkedIn's limit: over it, nothing saves, and the counter says to shorten or unschedule", async () => {
    const fake = api();
    const [scheduled] = fake.seed(1, 'scheduled', { content: 'Planned.', scheduledAt: '2026-04-02T07:30:00.000Z' });
    open(fake, `/?post=${scheduled!.id}`);
    await waitFor(() => expect(composer().value).toBe('Planned.'));
    fireEvent.change(composer(), { target: { value: 'x'.repeat(3002) } });
    expect(['Save changes', 'Reschedule…', 'Add to queue', 'Publish now'].map((name) => button(name).disabled)).toEqual([true, true, true, true]);
    expect(screen.getByText("2 over LinkedIn's 3,000-character limit: a scheduled post must fit, so shorten it, or unschedule it to keep a longer draft")).toBeTruthy();
    fireEvent.change(composer(), { target: { value: 'x'.repeat(3000) } });
    expect(button('Save changes').disabled).toBe(false);
  });

  it('on a version conflict, says so and offers to reload the latest text', async () => {
    const fake = api();
    const [draft] = fake.seed(1, 'draft', { content: 'Original.' });
    open(fake, `/?post=${draft!.id}`);
    await waitFor(() => expect(composer().value).toBe('Original.'));
    fake.editElsewhere(draft!.id, 'Saved in another tab.');
    fireEvent.change(composer(), { target: { value: 'Mine.' } });
    fireEvent.click(button('Save changes'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The post changed since you loaded it');
    expect(composer().value).toBe('Mine.');
    fireEvent.click(within(alert).getByRole('button', { name: 'Discard my changes and reload' }));
    await waitFor(() => expect(composer().value).toBe('Saved in another tab.'));
    fireEvent.change(composer(), { target: { value: 'Mine, on top of theirs.' } });
    fireEvent.click(button('Save changes'));
    await waitFor(() => expect(fake.posts[0]!.content).toBe('Mine, on top of theirs.'));
  });

  it('gives back an unsaved edit, still tied to the version it started from', async () => {
    const fake = api();
    const [draft] = fake.seed(1, 'draft', { content: 'Saved text.' });
    new UnsavedTextStore(fake.user.userId).set(draft!.id, 'Unsaved edit.', 1);
    open(fake, `/?post=${draft!.id}`);
    await waitFor(() => expect(composer().value).toBe('Unsaved edit.'));
    expect(screen.getByText('Your unsaved text was restored.')).toBeTruthy();
    fireEvent.click(button('Save changes'));
    await waitFor(() => expect(fake.calls).toContain(`update ${draft!.id} v1`));
  });

  it('says a published post can no longer be edited, with where to see it and a way to a new post', async () => {
    const fake = api();
    const [published] = fake.seed(1, 'published', { content: 'Out there.', linkedinUrl: 'https://www.linkedin.com/feed/update/urn:li:share:9' });
    open(fake, `/?post=${published!.id}`);
    expect(await screen.findByText('This post is published and can no longer be edited.')).toBeTruthy();
    expect(screen.getByRole('link', { name: /View on LinkedIn/ }).getAttribute('href')).toBe('https://www.linkedin.com/feed/update/urn:li:share:9');
    expect(screen.getByRole('link', { name: 'Write a new post' }).getAttribute('href')).toBe('/');
    expect(screen.queryByLabelText('What do you want to share?')).toBeNull();
  });

  it('a post deleted elsewhere, with changes still kept here: says so, and saves them as a new draft', async () => {
    const fake = api();
    const unsaved = new UnsavedTextStore(fake.user.userId);
    const gone = '01KDELETEDELSEWHERE0000000';
    unsaved.set(gone, 'Edits made before it was deleted on the laptop.', 2);
    open(fake, `/?post=${gone}`);
    expect(await screen.findByText('That post is not in your account: it was deleted, or the link is wrong.')).toBeTruthy();
    fireEvent.click(button('Save them as a new draft'));
    await waitFor(() => expect(fake.posts.map((p) => [p.content, p.status])).toEqual([['Edits made before it was deleted on the laptop.', 'draft']]));
    expect(unsaved.get(gone)).toBeUndefined();
    await waitFor(() => expect(composer().value).toBe('Edits made before it was deleted on the laptop.'));
    expect(window.location.search).toBe(`?post=${fake.posts[0]!.id}`);
  });

  it('saving those changes as a new draft, pressed again after an answer that never came, makes one draft', async () => {
    const fake = api();
    const unsaved = new UnsavedTextStore(fake.user.userId);
    const gone = '01KDELETEDELSEWHERE0000000';
    unsaved.set(gone, 'Kept over a slow connection.', 2);
    fake.loseNextCreateAnswer();
    open(fake, `/?post=${gone}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Save them as a new draft' }));
    expect((await screen.findByRole('alert')).textContent).toContain('did not answer in time');
    fireEvent.click(button('Save them as a new draft'));
    await waitFor(() => expect(window.location.search).toBe(`?post=${fake.posts[0]!.id}`));
    expect(fake.posts.map((p) => [p.content, p.status])).toEqual([['Kept over a slow connection.', 'draft']]);
  });
});

describe('Write: a post started from a calendar slot', { timeout: 20_000 }, () => {
  it('opens with the schedule picker on the slot time and schedules the post there', async () => {
    const fake = api();
    open(fake, `/?at=${encodeURIComponent('2026-03-30T09:00:00+02:00')}`);
    expect((screen.getByLabelText('Date') as HTMLInputElement).value).toBe('2026-03-30');
    expect((screen.getByLabelText('Time') as HTMLInputElement).value).toBe('09:00');
    expect(button('Schedule post').disabled).toBe(true); // nothing written yet
    fireEvent.change(composer(), { target: { value: 'Monday morning post.' } });
    fireEvent.click(button('Schedule post'));
    await waitFor(() => expect(fake.posts[0]).toMatchObject({ content: 'Monday morning post.', status: 'scheduled', scheduledAt: '2026-03-30T07:00:00.000Z' }));
    expect(outcome().textContent).toMatch(/^Scheduled for .*See the calendar$/);
    await waitFor(() => expect(window.location.search).toBe(''));
  });

  it('says so when the link holds no time it can read, and starts a post with none picked', async () => {
    const fake = api();
    open(fake, '/?at=next-monday');
    expect(screen.getByRole('note').textContent).toContain('This link\u2019s time (“next-monday”) is not a date and time Mark.0 can read');
    expect(screen.queryByLabelText('Date')).toBeNull();
    fireEvent.change(composer(), { target: { value: 'Written anyway.' } });
    expect(button('Save draft').disabled).toBe(false);
  });
});

describe('Write: publishing asks first, and says when LinkedIn must be connected', { timeout: 20_000 }, () => {
  it('asks before publishing now; Cancel publishes nothing and goes back to the button', async () => {
    const fake = api();
    open(fake);
    fireEvent.change(composer(), { target: { value: 'Big news.' } });
    fireEvent.click(button('Publish now'));
    expect(screen.getByRole('group', { name: /^Publish this post on LinkedIn now\?/ })).toBeTruthy();
    expect(document.activeElement).toBe(button('Cancel'));
    fireEvent.click(button('Cancel'));
    await waitFor(() => expect(document.activeElement).toBe(button('Publish now')));
    expect(fake.calls.some((c) => c.startsWith('publish') || c.startsWith('create'))).toBe(false);
    fireEvent.click(button('Publish now'));
    fireEvent.click(button('Yes, publish now'));
    await waitFor(() => expect(fake.calls).toContain(`publish ${fake.posts[0]!.id}`));
  });

  it('says "connect LinkedIn first" beside Schedule and Publish before any click, and still saves drafts', async () => {
    const fake = api({ connected: false });
    const { leaveTo } = open(fake);
    fireEvent.change(composer(), { target: { value: 'Written before connecting.' } });
    const note = screen.getByText(/^Connect LinkedIn first/);
    expect(button('Schedule…').disabled).toBe(true);
    expect(button('Publish now').disabled).toBe(true);
    expect(button('Save draft').disabled).toBe(false);
    expect(button('Publish now').getAttribute('aria-describedby')).toBe(note.closest('.notice')!.id);
    fireEvent.click(within(note.closest('.notice') as HTMLElement).getByRole('button', { name: 'Connect LinkedIn' }));
    await waitFor(() => expect(leaveTo).toHaveBeenCalledWith(fake.authorizationUrl));
  });

  it('asks to reconnect first when LinkedIn refused the connection', () => {
    const fake = api();
    fake.user.linkedin!.needsReconnect = true;
    open(fake);
    fireEvent.change(composer(), { target: { value: 'Text.' } });
    expect(screen.getByText(/^Reconnect LinkedIn first/)).toBeTruthy();
    expect(button('Publish now').disabled).toBe(true);
  });
});
