/** Where and how the LinkedIn adapter talks to LinkedIn (read from the environment by lambdas/wiring/config.ts). */
export interface LinkedInConfig {
  /** Absent until the operator fills in the app secret: connecting then answers 503, posting needs neither. */
  clientId?: string;
  clientSecret?: string;
  /** OAuth base, e.g. https://www.linkedin.com/oauth/v2 */
  authUrl: string;
  /** API base, e.g. https://api.linkedin.com */
  apiUrl: string;
  /** LinkedIn-Version header (YYYYMM). */
  version: string;
  /** This deployment's callback URL, registered in the LinkedIn app. */
  redirectUri?: string;
  timeoutMs: number;
}
