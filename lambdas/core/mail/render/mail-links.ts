import { UNSUBSCRIBE_API_PATH, UNSUBSCRIBE_PAGE_PATH, type MailKind } from '../../../contract/api/notifications';

/**
 * Every link a mail holds, absolute: pages on the web app's origin (WEB_APP_ORIGINS' first; locally the URL
 * `npm start` prints), and the one-click unsubscribe on the API (a mail client POSTs to it: RFC 8058).
 */
export class MailLinks {
  constructor(
    private readonly webOrigin: string,
    private readonly apiUrl: string,
  ) {}

  page(path: string): string {
    return `${this.webOrigin}${path}`;
  }

  failedPost(postId: string): string {
    return this.page(`/posts?status=failed&post=${encodeURIComponent(postId)}`);
  }

  waitingPosts(): string {
    return this.page('/posts?status=waiting');
  }

  reconnect(): string {
    return this.page('/settings#linkedin');
  }

  settings(): string {
    return this.page('/settings#notifications');
  }

  /** The page a person opens from the mail's footer: it confirms with one button. */
  unsubscribePage(token: string): string {
    return this.page(`${UNSUBSCRIBE_PAGE_PATH}?token=${encodeURIComponent(token)}`);
  }

  /** List-Unsubscribe: the mail client POSTs `List-Unsubscribe=One-Click` here. */
  oneClick(token: string): string {
    return `${this.apiUrl}${UNSUBSCRIBE_API_PATH}?token=${encodeURIComponent(token)}`;
  }
}

/** The headers of RFC 8058 one-click unsubscribe (https only, so only the URL form). */
export function unsubscribeHeaders(oneClickUrl: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${oneClickUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

export type { MailKind };
