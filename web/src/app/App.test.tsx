import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { StrictMode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { App } from './App';

/**
 * A stand-in for the local runtime over fetch: config.json, POST /local/token
 * and the few /v1 routes the page uses. `expireTokens()` makes every token
 * answer 401, as after its expiry.
 */
function fakeRuntime(config: unknown = { mode: 'local', apiUrl: '', auth: { type: 'local' } }) {
  let valid = new Set<string>();
  let issued = 0;
  const created: string[] = [];
  const patched: unknown[] = [];
  const completions: unknown[] = [];
  let completeAnswer: { status: number; body: unknown } | undefined;
  let linkedin = { connected: false, needsReconnect: false, name: null as string | null, pictureUrl: null, memberUrn: null as string | null, expiresAt: null as string | null };
  let timezone: string | null = null;
  const postCounts = { draft: 0, scheduled: 0, waiting: 0, publishing: 0, published: 0, failed: 0 };
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  const impl = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const method = init?.method ?? 'GET';
    if (url.pathname === '/config.json') return json(200, config);
    if (url.pathname === '/local/token') {
      const { email } = JSON.parse(String(init?.body)) as { email: string };
      if (!/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/.test(email)) {
        return json(400, { error: { code: 'VALIDATION_ERROR', message: 'Invalid request body: email: must be an email address, like ada@example.com', details: [{ field: 'email', message: 'must be an email address, like ada@example.com' }] } });
      }
      const token = `token-${++issued}`;
      valid.add(token);
      return json(200, { token, userId: 'u-ada', expiresAt: new Date(Date.now() + 3600_000).toISOString() });
    }
    const token = ((init?.headers ?? {}) as Record<string, string>)['Authorization']?.replace('Bearer ', '');
    if (!token || !valid.has(token)) return json(401, { error: { code: 'UNAUTHORIZED', message: 'Sign in first: the bearer token is missing, expired or invalid.', details: [] } });
    const me = () => ({ userId: 'u-ada', email: 'ada@example.com', tier: 'free', createdAt: '2026-01-01T00:00:00Z', timezone, linkedin, postCounts });
    if (url.pathname === '/v1/linkedin/complete' && method === 'POST') {
      completions.push(JSON.parse(String(init?.body)));
      if (completeAnswer) return json(completeAnswer.status, completeAnswer.body);
      linkedin = { ...linkedin, connected: true, name: 'Ada Lovelace', memberUrn: 'urn:li:person:ada', expiresAt: new Date(Date.now() + 60 * 86_400_000).toISOString() };
      return json(200, { linkedin, returnTo: 'http://localhost/settings' });
    }
    if (url.pathname === '/v1/linkedin' && method === 'DELETE') {
      linkedin = { connected: false, needsReconnect: false, name: null, pictureUrl: null, memberUrn: null, expiresAt: null };
      return new Response(null, { status: 204 });
    }
    if (url.pathname === '/v1/me' && method === 'PATCH') {
      const body = JSON.parse(String(init?.body)) as { timezone: string };
      patched.push(body);
      timezone = body.timezone;
      return json(200, me());
    }
    if (url.pathname === '/v1/me') return json(200, me());
    if (url.pathname === '/v1/posts' && method === 'GET') return json(200, { items: [], nextCursor: null });
    if (url.pathname === '/v1/posts' && method === 'POST') {
      created.push((JSON.parse(String(init?.body)) as { content: string }).content);
      return json(201, { id: '01J0000000000000000000000A', content: created.at(-1), status: 'draft', scheduledAt: null, publishedAt: null, linkedinUrn: null, linkedinUrl: null, error: null, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', version: 1 });
    }
    return json(404, { error: { code: 'NOT_FOUND', message: 'No route', details: [] } });
  });
  return {
    fetch: impl as unknown as typeof fetch,
    created,
    patched,
    /** Bodies of POST /v1/linkedin/complete. */
    completions,
    /** What POST /v1/linkedin/complete answers instead of connecting Ada. */
    answerComplete: (status: number, body: unknown) => (completeAnswer = { status, body }),
    expireTokens: () => (valid = new Set()),
    /** What GET /v1/me counts from now on. */
    postCounts,
    /** The account is connected to LinkedIn as this member (until a completion connects Ada). */
    connectAs: (name: string, memberUrn: string) =>
      (linkedin = { connected: true, needsReconnect: false, name, pictureUrl: null, memberUrn, expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() }),
  };
}

async function signIn(email: string) {
  fireEvent.change(await screen.findByLabelText('Email'), { target: { value: email } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('App (local mode)', () => {
  it('signs in with an email, shows who is signed in, and signs out, forgetting what was left unsaved on this computer', async () => {
    const runtime = fakeRuntime();
    render(<App fetchImpl={runtime.fetch} />);
    await signIn('ada@example.com');
    expect((await screen.findByTitle('ada@example.com')).textContent).toBe('ada@example.com');
    expect(screen.getByRole('heading', { name: 'Write a post' })).toBeTruthy();
    fireEvent.change(screen.getByLabelText('What do you want to share?'), { target: { value: 'Not for the next person at this desk' } });
    expect(localStorage.getItem('mark0.unsaved.u-ada')).toContain('Not for the next person');
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    // Unsaved text: it asks first, and "Stay signed in" keeps the session and the text.
    const question = screen.getByRole('group', { name: 'You have an unsaved post. Sign out and discard it?' });
    expect(document.activeElement).toBe(within(question).getByRole('button', { name: 'Stay signed in' }));
    fireEvent.click(within(question).getByRole('button', { name: 'Stay signed in' }));
    expect(screen.queryByRole('group', { name: /Sign out and discard/ })).toBeNull();
    expect((screen.getByLabelText('What do you want to share?') as HTMLTextAreaElement).value).toBe('Not for the next person at this desk');
    expect(localStorage.getItem('mark0.session')).not.toBeNull();
    expect(localStorage.getItem('mark0.unsaved.u-ada')).toContain('Not for the next person');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Sign out' }));

    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    fireEvent.click(screen.getByRole('button', { name: 'Sign out and discard it' }));
    expect(await screen.findByText('You are signed out.')).toBeTruthy();
    expect(localStorage.getItem('mark0.session')).toBeNull();
    expect(localStorage.getItem('mark0.unsaved.u-ada')).toBeNull();
  });

  it('signs out at once when nothing is unsaved', async () => {
    const runtime = fakeRuntime();
    render(<App fetchImpl={runtime.fetch} />);
    await signIn('ada@example.com');
    await screen.findByTitle('ada@example.com');
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByText('You are signed out.')).toBeTruthy();
    expect(localStorage.getItem('mark0.session')).toBeNull();
  });

  it("on first use, saves the browser's time zone in the profile", async () => {
    const runtime = fakeRuntime();
    render(<App fetchImpl={runtime.fetch} />);
    await signIn('ada@example.com');
    await vi.waitFor(() => expect(runtime.patched).toEqual([{ timezone: Intl.DateTimeFormat().resolvedOptions().timeZone }]));
  });

  it('moves between pages with the navigation, naming the page and focusing its heading', async () => {
    const runtime = fakeRuntime();
    render(<App fetchImpl={runtime.fetch} />);
    await signIn('ada@example.com');
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Write' }).getAttribute('aria-current')).toBe('page');
    fireEvent.click(within(nav).getByRole('link', { name: 'Calendar' }));
    const heading = await screen.findByRole('heading', { name: 'Calendar', level: 1 });
    expect(document.activeElement).toBe(heading);
    expect(document.title).toBe('Calendar · Mark.0');
    expect(window.location.pathname).toBe('/calendar');
    expect(within(nav).getByRole('link', { name: 'Calendar' }).getAttribute('aria-current')).toBe('page');
    act(() => window.history.back());
    expect(await screen.findByRole('heading', { name: 'Write a post', level: 1 })).toBeTruthy();
  });

  it('says an unknown address is not found, naming it, instead of showing the Write page, with a way back', async () => {
    window.history.replaceState(null, '', '/posts/xyz/garbage');
    const runtime = fakeRuntime();
    render(<App fetchImpl={runtime.fetch} />);
    await signIn('ada@example.com');
    expect(await screen.findByRole('heading', { name: 'Page not found', level: 1 })).toBeTruthy();
    expect(screen.getByText('/posts/xyz/garbage').tagName).toBe('CODE');
    expect(document.title).toBe('Page not found · Mark.0');
    expect(screen.queryByLabelText('What do you want to share?')).toBeNull();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).queryByRole('link', { current: 'page' })).toBeNull();
    fireEvent.click(screen.getByRole('link', { name: 'Write a post' }));
    expect(await screen.findByRole('heading', { name: 'Write a post', level: 1 })).toBeTruthy();
    expect(window.location.pathname).toBe('/');
  });

  it('shows how many posts failed beside Posts on every page, and posts waiting for LinkedIn, as GET /v1/me says when the page changes', async () => {
    const runtime = fakeRuntime();
    render(<App fetchImpl={runtime.fetch} />);
    await signIn('ada@example.com');
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Posts' })).toBeTruthy();
    expect(screen.queryByTestId('failed-count')).toBeNull();

    runtime.postCounts.failed = 2;
    runtime.postCounts.waiting = 1;
    fireEvent.click(within(nav).getByRole('link', { name: 'Help' }));
    await vi.waitFor(() => expect(screen.getByTestId('failed-count').textContent).toBe('2'));
    expect(within(nav).getByRole('link', { name: 'Posts 2 failed posts' })).toBeTruthy();
    expect(await screen.findByText(/LinkedIn is not connected: 1 post is waiting for it\./)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Connect in Settings' })).toBeTruthy();

    runtime.postCounts.failed = 0;
    fireEvent.click(within(nav).getByRole('link', { name: 'Write' }));
    await vi.waitFor(() => expect(screen.queryByTestId('failed-count')).toBeNull());
  });

  it('tells the user how the trip to LinkedIn ended, in its words, and cleans the address', async () => {
    const runtime = fakeRuntime();
    window.history.replaceState(null, '', '/settings?linkedin=error&message=You%20cancelled%20on%20LinkedIn.');
    render(<App fetchImpl={runtime.fetch} />);
    await signIn('ada@example.com');
    expect((await screen.findByRole('alert')).textContent).toContain('LinkedIn did not connect: You cancelled on LinkedIn.');
    expect(`${window.location.pathname}${window.location.search}`).toBe('/settings');
    // Said once: gone on the next page.
    fireEvent.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('link', { name: 'Help' }));
    await screen.findByRole('heading', { name: 'Help', level: 1 });
    expect(screen.queryByText(/LinkedIn did not connect/)).toBeNull();
  });

  const STATE = 'c0ffee'.repeat(10) + 'beef';

  it('back from LinkedIn with a code while signed out: keeps it through sign-in, completes as the signed-in user and cleans the address', async () => {
    const runtime = fakeRuntime();
    window.history.replaceState(null, '', `/settings?tab=2#linkedin=callback&code=AQT-code&state=${STATE}`);
    render(<App fetchImpl={runtime.fetch} />);
    expect((await screen.findByText('Sign in to finish connecting LinkedIn, with the Mark.0 account you started from.')).getAttribute('role')).toBe('status');
    await signIn('ada@example.com');
    expect((await screen.findByText(/LinkedIn is connected as Ada Lovelace\./)).getAttribute('role')).toBe('status');
    expect(runtime.completions).toEqual([{ code: 'AQT-code', state: STATE }]);
    expect(`${window.location.pathname}${window.location.search}${window.location.hash}`).toBe('/settings?tab=2');
    expect(screen.getByRole('heading', { name: 'Settings', level: 1 })).toBeTruthy();
  });

  it('connected again as another member than the one disconnected: says who it was, who it is now, and which posts will go out on it', async () => {
    sessionStorage.clear();
    const runtime = fakeRuntime();
    runtime.connectAs('Sandbox Member', 'urn:li:person:sandbox');
    runtime.postCounts.scheduled = 3;
    runtime.postCounts.waiting = 1;
    window.history.replaceState(null, '', '/settings');
    const first = render(<App fetchImpl={runtime.fetch} />);
    await signIn('ada@example.com');
    const section = await screen.findByRole('region', { name: 'LinkedIn' });
    await within(section).findByText('Sandbox Member');
    fireEvent.click(within(section).getByRole('button', { name: 'Disconnect' }));
    fireEvent.click(within(screen.getByRole('group', { name: 'Confirm disconnect' })).getByRole('button', { name: 'Disconnect' }));
    expect(await screen.findByText(/LinkedIn is disconnected\./)).toBeTruthy();
    first.unmount();

    // Back from LinkedIn's authorize page, where the user signed in as someone else (Ada).
    window.history.replaceState(null, '', `/settings#linkedin=callback&code=AQT-code&state=${STATE}`);
    render(<App fetchImpl={runtime.fetch} />);
    const notice = await screen.findByText(/now as Ada Lovelace/);
    expect(notice.getAttribute('role')).toBe('status');
    expect(notice.textContent).toBe(
      'You were connected to LinkedIn as Sandbox Member; now as Ada Lovelace. Your 3 scheduled posts and 1 waiting post will be published on this LinkedIn account.',
    );
    expect(runtime.completions).toHaveLength(1);
  });

  it('connected with posts scheduled and none known before: says they will go out on this account', async () => {
    sessionStorage.clear();
    const runtime = fakeRuntime();
    runtime.postCounts.scheduled = 1;
    window.history.replaceState(null, '', `/settings#linkedin=callback&code=AQT-code&state=${STATE}`);
    render(<App fetchImpl={runtime.fetch} />);
    await signIn('ada@example.com');
    expect((await screen.findByText(/LinkedIn is connected as Ada Lovelace\./)).textContent).toBe(
      'LinkedIn is connected as Ada Lovelace. Your 1 scheduled post will be published on this LinkedIn account.',
    );
  });

  it("says the API's reason when the connection was started from another account, and does not send the code again", async () => {
    const runtime = fakeRuntime();
    const message = 'This LinkedIn connection was started from another Mark.0 account. Start again from Settings while signed in to the account you want to connect.';
    runtime.answerComplete(403, { error: { code: 'LINKEDIN_CONNECT_OTHER_ACCOUNT', message, details: [] } });
    window.history.replaceState(null, '', `/settings#linkedin=callback&code=AQT-code&state=${STATE}`);
    // StrictMode runs effects twice, as in the real app: the code still goes out once.
    render(
      <StrictMode>
        <App fetchImpl={runtime.fetch} />
      </StrictMode>,
    );
    await signIn('ada@example.com');
    expect((await screen.findByRole('alert')).textContent).toContain(`LinkedIn did not connect: ${message}`);
    expect(`${window.location.pathname}${window.location.search}${window.location.hash}`).toBe('/settings');
    expect(runtime.completions).toHaveLength(1);
    expect(screen.queryByText(/LinkedIn is connected/)).toBeNull();
  });

  it('never sends an empty or half-typed email: says what to do once, beside the field', async () => {
    const runtime = fakeRuntime();
    render(<App fetchImpl={runtime.fetch} />);
    const tokenCalls = () => vi.mocked(runtime.fetch).mock.calls.filter(([url]) => String(url).endsWith('/local/token'));
    await signIn('   ');
    const empty = await screen.findByRole('alert');
    expect(empty.textContent).toBe('Enter your email address.');
    expect(screen.getByLabelText('Email').getAttribute('aria-describedby')).toBe(empty.id);
    expect(document.activeElement).toBe(screen.getByLabelText('Email'));
    await signIn('not-an-email');
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toEqual(['Enter your whole email address, like ada@example.com.']);
    expect(tokenCalls()).toHaveLength(0);
  });

  it("shows the API's refusal of the email once, in plain words, next to the field", async () => {
    const runtime = fakeRuntime();
    render(<App fetchImpl={runtime.fetch} />);
    await signIn('ada@example.c');
    const alert = await screen.findByRole('alert');
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    expect(alert.textContent).toBe('Enter your whole email address, like ada@example.com.');
    expect(screen.getByLabelText('Email').getAttribute('aria-describedby')).toBe(alert.id);
    expect(screen.queryByText(/Invalid request body/)).toBeNull();
    // Typing again clears it; a good address signs in.
    await signIn('ada@example.com');
    expect(await screen.findByLabelText('What do you want to share?')).toBeTruthy();
  });

  it('after a 401, asks to sign in again and gives back what the user was typing', async () => {
    const runtime = fakeRuntime();
    render(<App fetchImpl={runtime.fetch} />);
    await signIn('ada@example.com');
    fireEvent.change(await screen.findByLabelText('What do you want to share?'), { target: { value: 'Words I must not lose' } });
    runtime.expireTokens();
    fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));

    expect(await screen.findByText(/Your session expired\. Sign in again/)).toBeTruthy();
    await signIn('ada@example.com');
    const composer = (await screen.findByLabelText('What do you want to share?')) as HTMLTextAreaElement;
    expect(composer.value).toBe('Words I must not lose');
    fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    expect(await screen.findByText('Draft saved.', { exact: false })).toBeTruthy();
    expect(runtime.created).toEqual(['Words I must not lose']);
  });

  it('explains a config.json it cannot load, with a retry', async () => {
    const failing = (async () => new Response('', { status: 500 })) as unknown as typeof fetch;
    render(<App fetchImpl={failing} />);
    expect((await screen.findByRole('alert')).textContent).toContain('Could not load the app settings (/config.json answered 500).');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});

describe('App (AWS mode)', () => {
  it('sends "Sign in" to the Cognito hosted UI with PKCE', async () => {
    const runtime = fakeRuntime({
      mode: 'aws',
      apiUrl: 'https://api.example.com/prod',
      auth: { type: 'cognito', domain: 'https://mark0.auth.eu-west-1.amazoncognito.com', clientId: 'client-1', redirectUri: 'https://app.example.com/' },
    });
    const navigate = vi.fn();
    render(<App fetchImpl={runtime.fetch} navigate={navigate} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Sign in' }));
    await vi.waitFor(() => expect(navigate).toHaveBeenCalled());
    const url = new URL(navigate.mock.calls[0]![0] as string);
    expect(url.href.startsWith('https://mark0.auth.eu-west-1.amazoncognito.com/oauth2/authorize?')).toBe(true);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('client_id')).toBe('client-1');
  });

  it("does not take LinkedIn's code for Cognito's: the sign-in keeps it for after the hosted UI", async () => {
    const runtime = fakeRuntime({
      mode: 'aws',
      apiUrl: 'https://api.example.com/prod',
      auth: { type: 'cognito', domain: 'https://mark0.auth.eu-west-1.amazoncognito.com', clientId: 'client-1', redirectUri: 'https://app.example.com/' },
    });
    const landing = `/settings#linkedin=callback&code=AQT-code&state=${'ab'.repeat(32)}`;
    window.history.replaceState(null, '', landing);
    const navigate = vi.fn();
    render(<App fetchImpl={runtime.fetch} navigate={navigate} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Sign in' }));
    await vi.waitFor(() => expect(navigate).toHaveBeenCalled());
    expect(runtime.fetch).not.toHaveBeenCalledWith(expect.stringContaining('/oauth2/token'), expect.anything());
    expect((JSON.parse(sessionStorage.getItem('mark0.oauth.pending')!) as { returnTo: string }).returnTo).toBe(landing);
  });
});
