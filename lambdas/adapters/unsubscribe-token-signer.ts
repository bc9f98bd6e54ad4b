import { isMailKind, type MailKind } from '../contract/api/notifications';
import type { UnsubscribeTokens } from '../core/ports/unsubscribe-tokens';
import { HmacLinkSigner } from './hmac-link-signer';

/**
 * Unsubscribe tokens `<base64url user id>.<kind>.<signature>` (HmacLinkSigner, label "mark0 mail unsubscribe v1").
 * Tokens do not expire: a link in an old mail keeps working, and all it can do is turn one kind of mail off.
 */
export class HmacUnsubscribeTokens implements UnsubscribeTokens {
  private readonly signer: HmacLinkSigner;

  constructor(appSecretKey: string) {
    this.signer = new HmacLinkSigner(appSecretKey, 'mark0 mail unsubscribe v1');
  }

  issue(userId: string, kind: MailKind): string {
    const subject = `${Buffer.from(userId, 'utf8').toString('base64url')}.${kind}`;
    return `${subject}.${this.signer.sign(subject)}`;
  }

  verify(token: string): { userId: string; kind: MailKind } | undefined {
    const [user, kind, signature, ...rest] = token.split('.');
    if (!user || !kind || !signature || rest.length > 0 || !isMailKind(kind)) return undefined;
    if (!this.signer.matches(`${user}.${kind}`, signature)) return undefined;
    const userId = Buffer.from(user, 'base64url').toString('utf8');
    return userId ? { userId, kind } : undefined;
  }
}
