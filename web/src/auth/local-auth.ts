import { networkError, parseErrorResponse } from '../api/api-error';
import type { Session } from './session';

/**
 * Local mode only: the runtime's `POST /local/token {"email"}` signs in any
 * email (creating the user on first sign-in) and returns a token from the
 * local issuer, verified by the same authorizer as Cognito's in AWS.
 * Throws ApiError (e.g. 400 with a detail for "email").
 */
export async function signInLocally(apiUrl: string, email: string, fetchImpl: typeof fetch = fetch): Promise<Session> {
  let response: Response;
  try {
    response = await fetchImpl(`${apiUrl}/local/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ email }),
    });
  } catch {
    throw networkError();
  }
  if (!response.ok) throw await parseErrorResponse(response);
  const body = (await response.json()) as { token: string; expiresAt: string };
  return { token: body.token, expiresAt: Date.parse(body.expiresAt) };
}
