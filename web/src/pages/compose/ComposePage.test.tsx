import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/api-error';
import { NEW_POST_KEY, UnsavedTextStore } from '../../drafts/unsaved-text';
import { renderSignedIn } from '../../test/account-harness';
import { FakeApi } from '../../test/fake-api';
import { ComposePage } from './ComposePage';
import { FOLLOW_INTERVAL_MS } from './use-followed-post';

const NOW = new Date('2026-03-28T10:00:00Z');
const composer = () => screen.getByLabelText('What do you want to share?') as HTMLTextAreaElement;
const outcome = () => screen.getAllByRole('status').find((el) => el.classList.contains('flash') && el.closest('.composer'))!;

function renderPage(api = new FakeApi(undefined, () => NOW)) {
  return renderSignedIn(<ComposePage />, { api });
}

/** The next create is made, but its answer never comes back (a timeout); later ones answer. */
function connected(): FakeApi {
  const api = new FakeApi(undefined, () => NOW);
  api.user.timezone = 'America/New_York';
  api.connect();
  return api;
}

describe('ComposePage: the composer', { timeout: 20_000 }, () => {
  it('saves a draft, clears the composer and says where the draft is', async () => {
    const { api } = renderPage();
    fireEvent.change(composer(), { target: { value: '  My first post  ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(composer().value).toBe(''));
    expect(outcome().textContent).toBe('Draft saved. See your drafts');
    expect(api.posts.map((p) => p.content)).toEqual(['My first post']);
  });

  it('saves one draft when Save is pressed again after an answer that never came, and the next post gets an id of its own', async () => {
    const { api } = renderPage();
    api.loseNextCreateAnswer();
    fireEvent.change(composer(), { target: { value: 'Saved over a slow connection' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    expect((await screen.findByRole('alert')).textContent).toContain('did not answer in time');
    fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(composer().value).toBe(''));
    expect(api.posts.map((p) => p.content)).toEqual(['Saved over a slow connection']);

    fireEvent.change(composer(), { target: { value: 'The next post' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(api.posts.map((p) => p.content)).toEqual(['The next post', 'Saved over a slow connection']));
    expect(api.posts[0]!.id).not.toBe(api.posts[1]!.id);
  });

  describe('after a create whose answer never came, then a reload', () => {
    /** Types `text`, presses Save; the API makes the draft but its answer is lost; then the page is opened again on this device. */
    async function lostCreateThenReload(text: string) {
      const first = renderPage();
      const { api } = first;
      api.loseNextCreateAnswer();
      fireEvent.change(composer(), { target: { value: text } });
      fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
      expect((await screen.findByRole('alert')).textContent).toContain('did not answer in time');
      expect(api.posts.map((p) => p.content)).toEqual([text]);
      first.unmount();
      renderPage(api);
      expect(composer().value).toBe(text);
      return api;
    }

    it('Save finds the draft that create made instead of making a second one', async () => {
      const api = await lostCreateThenReload('Saved just before the reload');
      fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
      await waitFor(() => expect(composer().value).toBe(''));
      expect(screen.queryByRole('alert')).toBeNull();
      expect(api.posts.map((p) => p.content)).toEqual(['Saved just before the reload']);
    });

    it('text changed since goes into that draft, not a second post nor a refusal', async () => {
      const api = await lostCreateThenReload('First words');
      fireEvent.change(composer(), { target: { value: 'First words, then more after the reload' } });
      fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
      await waitFor(() => expect(composer().value).toBe(''));
      expect(screen.queryByRole('alert')).toBeNull();
      expect(api.posts.map((p) => p.content)).toEqual(['First words, then more after the reload']);
    });
  });

  it("keeps every action disabled while the text is empty; over LinkedIn's 3000 characters it saves only as a draft, and says why", () => {
    renderPage(connected());
    const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;
    const sending = ['Schedule…', 'Add to queue', 'Publish now'].map(button);
    expect([button('Save draft'), ...sending].every((b) => b.disabled)).toBe(true);
    fireEvent.change(composer(), { target: { value: 'x'.repeat(3001) } });
    expect(button('Save draft').disabled).toBe(false);
    expect(sending.every((b) => b.disabled)).toBe(true);
    const counter = screen.getByText("1 over LinkedIn's 3,000-character limit: you can save it as a draft, and schedule or publish it once it fits");
    expect(sending.every((b) => b.getAttribute('aria-describedby')?.split(' ').includes(counter.parentElement!.id))).toBe(true);
    expect(composer().getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(composer(), { target: { value: 'x'.repeat(10_001) } });
    expect([button('Save draft'), ...sending].every((b) => b.disabled)).toBe(true);
    expect(screen.getByText('1 over the 10,000 characters a draft can hold')).toBeTruthy();
    fireEvent.change(composer(), { target: { value: 'x'.repeat(3000) } });
    expect([button('Save draft'), ...sending].every((b) => !b.disabled)).toBe(true);
    expect(composer().getAttribute('aria-invalid')).toBe('false');
  });

  it('saves a draft over 3000 characters, whole', async () => {
    const { api } = renderPage(connected());
    const long = `${'A long first pass. '.repeat(200)}The end.`;
    fireEvent.change(composer(), { target: { value: long } });
    fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(api.posts.map((p) => p.content)).toEqual([long]));
  });

  it("shows the API's message and the field detail beside the text box when a save is refused", async () => {
    const api = new FakeApi(undefined, () => NOW);
    api.failNext('createPost', new ApiError(400, 'VALIDATION_ERROR', 'Invalid request body: content: must not be empty', [{ field: 'content', message: 'must not be empty' }]));
    renderPage(api);
    fireEvent.change(composer(), { target: { value: 'hello' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Invalid request body: content: must not be empty');
    expect(composer().getAttribute('aria-describedby')).toContain(screen.getByText('must not be empty').id);
    expect(composer().value).toBe('hello');
  });

  it('says when to try again after a 429', async () => {
    const api = new FakeApi(undefined, () => NOW);
    api.failNext('createPost', new ApiError(429, 'THROTTLED', 'Too many requests: slow down a little.', [], 30));
    renderPage(api);
    fireEvent.change(composer(), { target: { value: 'hello' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Too many requests: slow down a little.');
    expect(alert.textContent).toContain('You can try again in 30 seconds.');
  });

  it('keeps the text in localStorage as it is typed and gives it back', () => {
    const api = new FakeApi(undefined, () => NOW);
    const first = renderPage(api);
    fireEvent.change(composer(), { target: { value: 'half a thought' } });
    expect(first.unsaved.get(NEW_POST_KEY)?.content).toBe('half a thought');
    first.unmount();
    renderPage(api);
    expect(composer().value).toBe('half a thought');
    expect(screen.getByText('Your unsaved text was restored.')).toBeTruthy();
  });

  it('schedules in the profile time zone, with the offset of the chosen day', async () => {
    const api = connected();
    renderPage(api);
    fireEvent.change(composer(), { target: { value: 'Planned ahead.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Schedule…' }));
    expect(screen.getByText(/Times in America\/New_York/)).toBeTruthy();
    // 8 March 2026 is New York's spring-forward day: 09:00 that morning is EDT (-04:00).
    fireEvent.change(screen.getByLabelText('Date'), { target: { value: '2026-03-08' } });
    fireEvent.change(screen.getByLabelText('Time'), { target: { value: '09:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Schedule post' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Pick a time at least a minute from now.');
    fireEvent.change(screen.getByLabelText('Date'), { target: { value: '2026-11-02' } });
    fireEvent.click(screen.getByRole('button', { name: 'Schedule post' }));
    await waitFor(() => expect(composer().value).toBe(''));
    const post = api.posts[0]!;
    expect(api.calls).toContain(`schedule ${post.id} 2026-11-02T09:00:00-05:00`);
    expect(post).toMatchObject({ status: 'scheduled', scheduledAt: '2026-11-02T14:00:00.000Z' });
    expect(outcome().textContent).toMatch(/^Scheduled for .*See the calendar$/);
  });

  it('closes the schedule picker with Cancel or Escape, focus back on Schedule… (not lost to the top of the page)', () => {
    renderPage(connected());
    fireEvent.change(composer(), { target: { value: 'Not yet.' } });
    const schedule = screen.getByRole('button', { name: 'Schedule…' });
    fireEvent.click(schedule);
    expect(document.activeElement).toBe(screen.getByLabelText('Date'));
    fireEvent.keyDown(screen.getByLabelText('Time'), { key: 'Escape' });
    expect(screen.queryByRole('form', { name: 'Schedule' })).toBeNull();
    expect(document.activeElement).toBe(schedule);
    fireEvent.click(schedule);
    fireEvent.click(within(screen.getByRole('form', { name: 'Schedule' })).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('form', { name: 'Schedule' })).toBeNull();
    expect(document.activeElement).toBe(schedule);
    expect(composer().value).toBe('Not yet.');
  });

  it('after a refused schedule, keeps the text and the draft it made, so trying again makes no second draft', async () => {
    const api = connected();
    const { leaveTo } = renderPage(api);
    // The connection ended on LinkedIn's side since the page loaded: the API refuses, and says how to fix it.
    api.failNext('schedulePost', new ApiError(409, 'LINKEDIN_NOT_CONNECTED', 'Connect your LinkedIn account before scheduling posts.'));
    fireEvent.change(composer(), { target: { value: 'Needs LinkedIn first.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Schedule…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Schedule post' }));
    const alert = await screen.findByText('Connect your LinkedIn account before scheduling posts.');
    expect(composer().value).toBe('Needs LinkedIn first.');
    expect(screen.getByText('Saved in your drafts; changes here update that draft.')).toBeTruthy();
    expect(new UnsavedTextStore(api.user.userId).get(NEW_POST_KEY)?.postId).toBe(api.posts[0]!.id);

    fireEvent.click(within(alert.closest('.notice') as HTMLElement).getByRole('button', { name: 'Connect LinkedIn' }));
    await waitFor(() => expect(leaveTo).toHaveBeenCalledWith(api.authorizationUrl));
    fireEvent.click(screen.getByRole('button', { name: 'Schedule post' }));
    await waitFor(() => expect(composer().value).toBe(''));
    expect(api.posts).toHaveLength(1);
    expect(api.posts[0]!.status).toBe('scheduled');
    expect(api.calls.filter((c) => c === 'create')).toHaveLength(1);
  });

  it('publishes now', async () => {
    const api = connected();
    renderPage(api);
    fireEvent.change(composer(), { target: { value: 'Right now.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Publish now' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, publish now' }));
    // As the API answers "publish now": the post is due this very second; the publisher takes it from there.
    await waitFor(() => expect(api.posts[0]).toMatchObject({ status: 'scheduled', scheduledAt: NOW.toISOString() }));
    expect(api.calls).toContain(`publish ${api.posts[0]!.id}`);
    expect((await screen.findByText('Publishing to LinkedIn…')).getAttribute('aria-live')).toBe('polite');
  });
});

describe('ComposePage: after Publish now, the post followed until it is out', { timeout: 20_000 }, () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Publish now on a connected account, the clock faked (it still runs) so each turn of the following is stepped through. */
  async function publishNow(text = 'Right now.') {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const api = connected();
    const reads = vi.spyOn(api, 'getPost');
    const page = renderPage(api);
    fireEvent.change(composer(), { target: { value: text } });
    fireEvent.click(screen.getByRole('button', { name: 'Publish now' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, publish now' }));
    const line = await screen.findByText('Publishing to LinkedIn…');
    expect(line.getAttribute('aria-live')).toBe('polite');
    return { api, reads, line, id: api.posts[0]!.id, page };
  }
  const turn = () => act(() => vi.advanceTimersByTimeAsync(FOLLOW_INTERVAL_MS));

  it('says it is publishing while it is, then Published with the link to the post on LinkedIn, and stops asking', async () => {
    const { api, reads, line, id } = await publishNow();
    api.claim(id);
    await turn();
    expect(reads).toHaveBeenCalledWith(id);
    expect(line.textContent).toBe('Publishing to LinkedIn…');
    api.settle(id, { published: 'urn:li:share:7' });
    await turn();
    const link = await within(line).findByRole('link', { name: /View it on LinkedIn/ });
    expect(line.textContent).toMatch(/^Published\. View it on LinkedIn/);
    expect(link.getAttribute('href')).toBe('https://www.linkedin.com/feed/update/urn:li:share:7');
    expect(link.getAttribute('target')).toBe('_blank');
    const asked = reads.mock.calls.length;
    await turn();
    await turn();
    expect(reads).toHaveBeenCalledTimes(asked);
  });

  it("says why it failed, in LinkedIn's words, with Retry and the way to it in Posts", async () => {
    const { api, line, id } = await publishNow();
    api.claim(id);
    api.settle(id, { failed: { code: 'LINKEDIN_REJECTED', message: 'LinkedIn refused the post: duplicate content.' } });
    await turn();
    await waitFor(() => expect(line.textContent).toBe('Publishing failed: LinkedIn refused the post: duplicate content.'));
    expect(screen.getByRole('link', { name: 'See it in Posts' }).getAttribute('href')).toBe(`/posts?status=failed&post=${id}`);
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(line.textContent).toBe('Publishing to LinkedIn…'));
    expect(api.calls.filter((c) => c === `publish ${id}`)).toHaveLength(2);
    api.settle(id, { published: 'urn:li:share:8' });
    await turn();
    expect(await within(line).findByRole('link', { name: /View it on LinkedIn/ })).toBeTruthy();
  });

  it('says what the LinkedIn connection needs when the post waits for it', async () => {
    const { api, line, id } = await publishNow();
    // The connection ended on LinkedIn's side: the publisher leaves the post waiting.
    api.user.linkedin = { ...api.user.linkedin, needsReconnect: true };
    Object.assign(api.posts[0]!, { status: 'waiting', version: api.posts[0]!.version + 1 });
    await turn();
    await waitFor(() => expect(line.textContent).toBe('Waiting for LinkedIn: the post goes out once the connection works.'));
    expect(await screen.findByText(/^It was due while LinkedIn was not connected\. Reconnect LinkedIn and it goes out within a minute/)).toBeTruthy();
    const followed = line.closest('.publish-outcome') as HTMLElement;
    expect(within(followed).getByRole('button', { name: 'Reconnect LinkedIn' })).toBeTruthy();
    expect(within(followed).getByRole('link', { name: 'See it in Posts' }).getAttribute('href')).toBe(`/posts?status=waiting&post=${id}`);
  });

  it('stops asking when the page is left', async () => {
    const { reads, page } = await publishNow();
    await turn();
    const asked = reads.mock.calls.length;
    page.unmount();
    await act(() => vi.advanceTimersByTimeAsync(FOLLOW_INTERVAL_MS * 3));
    expect(reads).toHaveBeenCalledTimes(asked);
  });
});

describe('ComposePage: the LinkedIn preview', { timeout: 20_000 }, () => {
  it("shows the connection's name and folds a long post where LinkedIn does, with see more", () => {
    const api = connected();
    renderPage(api);
    const preview = screen.getByRole('region', { name: 'Preview' });
    expect(within(preview).getByText('Ada Lovelace')).toBeTruthy();
    fireEvent.change(composer(), { target: { value: 'Hook line\n\nSecond thought\n\nThe rest of the story.' } });
    expect(within(preview).getByTestId('preview-text').textContent).toBe('Hook line\n\nSecond thought …see more');
    fireEvent.click(within(preview).getByRole('button', { name: 'see more' }));
    expect(within(preview).getByTestId('preview-text').textContent).toBe('Hook line\n\nSecond thought\n\nThe rest of the story.');
  });

  it('shows hashtags as LinkedIn does, by the rule the publisher sends them by', () => {
    renderPage(connected());
    const text = 'Shipping in C# (#dotnet), issue#42, #1 and #café. Notes: https://example.com/?#notes www.x.io/a.#b';
    fireEvent.change(composer(), { target: { value: text } });
    const preview = screen.getByRole('region', { name: 'Preview' });
    expect(within(preview).getAllByTestId('preview-hashtag').map((tag) => tag.textContent)).toEqual(['#dotnet', '#café']);
    expect(within(preview).getByTestId('preview-text').textContent).toBe(text);
  });

  it('shows web addresses as links, without the punctuation after them, and a # inside one as part of it', () => {
    renderPage(connected());
    const text = 'Read https://example.com/launch?x=1#faq. Or (www.example.org/a)! #shipping';
    fireEvent.change(composer(), { target: { value: text } });
    const preview = screen.getByRole('region', { name: 'Preview' });
    const links = within(preview).getAllByRole('link');
    expect(links.map((a) => [a.textContent, a.getAttribute('href'), a.getAttribute('target'), a.getAttribute('rel')])).toEqual([
      ['https://example.com/launch?x=1#faq', 'https://example.com/launch?x=1#faq', '_blank', 'noopener noreferrer'],
      ['www.example.org/a', 'https://www.example.org/a', '_blank', 'noopener noreferrer'],
    ]);
    expect(within(preview).getAllByTestId('preview-hashtag').map((tag) => tag.textContent)).toEqual(['#shipping']);
    expect(within(preview).getByTestId('preview-text').textContent).toBe(text);
  });

  it('uses the email before LinkedIn is connected', () => {
    renderPage();
    expect(within(screen.getByRole('region', { name: 'Preview' })).getByText('ada@example.com')).toBeTruthy();
  });
});

describe('ComposePage: onboarding', { timeout: 20_000 }, () => {
  it('ticks the steps from the account and hides for good when asked', async () => {
    const api = connected();
    const first = renderPage(api);
    const checklist = await screen.findByRole('region', { name: /Get started/ });
    expect(within(checklist).getByText('1 of 3 done')).toBeTruthy();
    expect(within(checklist).getByText('(done)', { exact: false }).closest('li')!.textContent).toContain('Connect your LinkedIn account');
    fireEvent.change(composer(), { target: { value: 'First!' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(within(checklist).getByText('2 of 3 done')).toBeTruthy());
    fireEvent.click(within(checklist).getByRole('button', { name: 'Hide' }));
    expect(screen.queryByRole('region', { name: /Get started/ })).toBeNull();
    first.unmount();
    renderPage(api);
    await screen.findByRole('heading', { name: 'New post' });
    expect(screen.queryByRole('region', { name: /Get started/ })).toBeNull();
    // The steps come from the account (GET /v1/me's post counts): the checklist asks for no list of its own.
    expect(api.calls.filter((c) => c.startsWith('list'))).toEqual([]);
  });

  it('starts the LinkedIn connection from the checklist, coming back to the composer', async () => {
    const { api, leaveTo } = renderPage();
    const checklist = await screen.findByRole('region', { name: /Get started/ });
    fireEvent.click(within(checklist).getByRole('button', { name: 'Connect LinkedIn' }));
    await waitFor(() => expect(leaveTo).toHaveBeenCalledWith(api.authorizationUrl));
    expect(api.calls).toContain('connect http://localhost:3000/');
  });
});
