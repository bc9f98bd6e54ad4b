/**
 * The web app's security headers, as data: CloudFront's response-headers
 * policy (lib/stacks/web-stack.ts) and the local runtime's static server
 * (bin/runtime/static-web.ts) both send them, so a CSP mistake shows up on a
 * developer's machine and in the browser tests, not first in AWS. Pure: no CDK.
 */

/** Two years, the HSTS preload list's minimum (not that a cloudfront.net name can be preloaded). */
export const HSTS_MAX_AGE_SECONDS = 2 * 365 * 24 * 3600;

export const REFERRER_POLICY = 'strict-origin-when-cross-origin';

/** No feature the app does not use. */
export const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=()';

/** LinkedIn's CDN for profile pictures (shown in the preview and in Settings). */
export const LINKEDIN_IMAGE_ORIGIN = 'https://media.licdn.com';

export interface CspSources {
  /** Where the app's fetches may go besides itself: the API and the Cognito hosted UI's token endpoint. */
  connect: string[];
  /** Where images may come from besides the app itself (profile pictures). */
  img: string[];
  /**
   * The media bucket: uploads are PUT there (connect), previews shown from there
   * (img, and media for a video's poster frame), and a PDF's first page read from
   * there (connect), all with signed URLs.
   */
  media?: string[];
}

/**
 * Scripts and styles only from the app's own origin (Vite emits files, no
 * inline code), no plugins, no framing by anyone (frame-ancestors 'none'),
 * forms and <base> pinned to the app.
 */
export function contentSecurityPolicy(sources: CspSources): string {
  const directives: [string, string[]][] = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'"]],
    ['img-src', ["'self'", 'data:', 'blob:', ...sources.img, ...(sources.media ?? [])]],
    ['media-src', ["'self'", 'blob:', ...(sources.media ?? [])]],
    ['font-src', ["'self'"]],
    ['connect-src', ["'self'", ...sources.connect, ...(sources.media ?? [])]],
    // The PDF renderer's worker, a file of the app.
    ['worker-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'self'"]],
    ['form-action', ["'self'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, values]) => `${name} ${[...new Set(values)].join(' ')}`).join('; ');
}

/**
 * What the local runtime sends with every file of the web app. The API is on
 * the same origin there; the sandbox LinkedIn's pictures come from its own
 * loopback origin, hence `imgSources`.
 */
export function localWebSecurityHeaders(imgSources: string[] = [], mediaSources: string[] = []): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy({ connect: [], img: [LINKEDIN_IMAGE_ORIGIN, ...imgSources], media: mediaSources }),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': REFERRER_POLICY,
    'Permissions-Policy': PERMISSIONS_POLICY,
  };
}
