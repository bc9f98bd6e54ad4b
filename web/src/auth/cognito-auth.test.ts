import { afterEach, describe, expect, it, vi } from 'vitest';
import { beginCognitoSignIn, cognitoSignOutUrl, completeCognitoSignIn, isCognitoCallback, refreshCognitoSession, type CognitoConfig } from './cognito-auth';

const config: CognitoConfig = {
  type: 'cognito',
  domain: 'https://mark0.auth.eu-west-1.amazoncognito.com',
  clientId: 'client-123',
  redirectUri: 'https://app.example.com/',
};

/** An unsigned JWT with the given claims: enough for reading exp/email. */
function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${part({ alg: 'RS256' })}.${part(claims)}.sig`;
}

function tokenEndpoint(body: unknown, status = 200) {
  const requests: { url: string; form: URLSearchParams }[] = [];
  const impl = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push({ url: String(input), form: new URLSearchParams(String(init?.body)) });
    return new Response(JSON.stringify(body), { status });
  }) as unknown as typeof fetch;
  return { impl, requests };
}

/** RFC 7636 appendix B: these 32 random octets make the verifier and S256 challenge below. */
const RFC_7636_OCTETS = [116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121];
const RFC_7636_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const RFC_7636_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Cognito hosted UI sign-in (authorization code + PKCE)', () => {
  it('sends the browser to /oauth2/authorize with the S256 challenge of a verifier it keeps (RFC 7636 appendix B)', async () => {
    vi.spyOn(crypto, 'getRandomValues').mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
      if (array instanceof Uint8Array && array.length === RFC_7636_OCTETS.length) array.set(RFC_7636_OCTETS);
      return array;
    });
    const url = new URL(await beginCognitoSignIn(config, '/?status=published'));
    expect(url.origin + url.pathname).toBe('https://mark0.auth.eu-west-1.amazoncognito.com/oauth2/authorize');
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({
      response_type: 'code',
      client_id: 'client-123',
      redirect_uri: 'https://app.example.com/',
      scope: 'openid email profile',
      code_challenge_method: 'S256',
    });
    const pending = JSON.parse(sessionStorage.getItem('mark0.oauth.pending')!) as { state: string; verifier: string; returnTo: string };
    expect(params['state']).toBe(pending.state);
    expect(pending.verifier).toBe(RFC_7636_VERIFIER);
    expect(params['code_challenge']).toBe(RFC_7636_CHALLENGE);
    expect(pending.returnTo).toBe('/?status=published');
  });

  it('makes a fresh verifier (43+ unreserved characters) and state for every sign-in', async () => {
    const pendingAfter = async () => {
      await beginCognitoSignIn(config, '/');
      return JSON.parse(sessionStorage.getItem('mark0.oauth.pending')!) as { state: string; verifier: string };
    };
    const a = await pendingAfter();
    const b = await pendingAfter();
    expect(a.verifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
    expect(a.state).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(a.verifier).not.toBe(b.verifier);
    expect(a.state).not.toBe(b.state);
  });

  it('trades the code and verifier for tokens and uses the id_token as the bearer token', async () => {
    const authorize = new URL(await beginCognitoSignIn(config, '/'));
    const state = authorize.searchParams.get('state')!;
    const { verifier } = JSON.parse(sessionStorage.getItem('mark0.oauth.pending')!) as { verifier: string };
    const idToken = jwt({ exp: 2_000_000_000, email: 'ada@example.com' });
    const { impl, requests } = tokenEndpoint({ id_token: idToken, access_token: 'access', refresh_token: 'refresh', expires_in: 3600 });

    const callback = new URL(`https://app.example.com/?code=abc&state=${state}`);
    expect(isCognitoCallback(callback)).toBe(true);
    // LinkedIn's code on its way to POST /v1/linkedin/complete travels in the fragment: not Cognito's.
    expect(isCognitoCallback(new URL(`https://app.example.com/settings#linkedin=callback&code=abc&state=${state}`))).toBe(false);
    const { session, returnTo } = await completeCognitoSignIn(config, callback, { fetchImpl: impl });

    expect(session).toEqual({ token: idToken, expiresAt: 2_000_000_000_000, refreshToken: 'refresh' });
    expect(returnTo).toBe('/');
    expect(requests[0]!.url).toBe('https://mark0.auth.eu-west-1.amazoncognito.com/oauth2/token');
    expect(Object.fromEntries(requests[0]!.form)).toEqual({
      grant_type: 'authorization_code',
      client_id: 'client-123',
      code: 'abc',
      redirect_uri: 'https://app.example.com/',
      code_verifier: verifier,
    });
    // The verifier is single-use.
    expect(sessionStorage.getItem('mark0.oauth.pending')).toBeNull();
  });

  it('refuses a callback whose state this tab did not start, without calling Cognito', async () => {
    await beginCognitoSignIn(config, '/');
    const { impl } = tokenEndpoint({});
    await expect(completeCognitoSignIn(config, new URL('https://app.example.com/?code=abc&state=forged'), { fetchImpl: impl })).rejects.toThrow(
      'This sign-in link is not from this browser tab or has already been used. Sign in again.',
    );
    expect(impl).not.toHaveBeenCalled();
  });

  it("shows the hosted UI's own error description", async () => {
    await expect(
      completeCognitoSignIn(config, new URL('https://app.example.com/?error=access_denied&error_description=User+is+disabled.&state=s')),
    ).rejects.toThrow('User is disabled.');
  });

  it('renews with the refresh token and keeps it when Cognito does not rotate it', async () => {
    const idToken = jwt({ exp: 2_000_000_100 });
    const { impl, requests } = tokenEndpoint({ id_token: idToken, access_token: 'a', expires_in: 3600 });
    const next = await refreshCognitoSession(config, { token: 'old', expiresAt: 0, refreshToken: 'refresh' }, { fetchImpl: impl });
    expect(next).toEqual({ token: idToken, expiresAt: 2_000_000_100_000, refreshToken: 'refresh' });
    expect(Object.fromEntries(requests[0]!.form)).toEqual({ grant_type: 'refresh_token', client_id: 'client-123', refresh_token: 'refresh' });
  });

  it('reports a refresh token Cognito no longer accepts as no session', async () => {
    const { impl } = tokenEndpoint({ error: 'invalid_grant' }, 400);
    await expect(refreshCognitoSession(config, { token: 'old', expiresAt: 0, refreshToken: 'gone' }, { fetchImpl: impl })).resolves.toBeUndefined();
  });

  it('revokes the refresh token and signs out through the hosted UI logout endpoint', async () => {
    const { impl, requests } = tokenEndpoint({});
    const url = new URL(await cognitoSignOutUrl(config, { token: 't', expiresAt: 0, refreshToken: 'refresh' }, impl));
    expect(requests[0]!.url).toBe('https://mark0.auth.eu-west-1.amazoncognito.com/oauth2/revoke');
    expect(Object.fromEntries(requests[0]!.form)).toEqual({ token: 'refresh', client_id: 'client-123' });
    expect(url.pathname).toBe('/logout');
    expect(Object.fromEntries(url.searchParams)).toEqual({ client_id: 'client-123', logout_uri: 'https://app.example.com/' });
  });
});
