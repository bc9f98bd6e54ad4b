import type { MediaDownloadTokens } from '../core/ports/media-download-tokens';
import { HmacLinkSigner } from './hmac-link-signer';

/**
 * Download tokens `<base64url user id>.<expiry, epoch seconds>.<signature>`, the signature over those and the
 * media id of the link's path (HmacLinkSigner, label "mark0 media download v1").
 */
export class HmacMediaDownloadTokens implements MediaDownloadTokens {
  private readonly signer: HmacLinkSigner;

  constructor(appSecretKey: string) {
    this.signer = new HmacLinkSigner(appSecretKey, 'mark0 media download v1');
  }

  issue(userId: string, mediaId: string, expiresAt: Date): string {
    const subject = `${Buffer.from(userId, 'utf8').toString('base64url')}.${Math.floor(expiresAt.getTime() / 1000)}`;
    return `${subject}.${this.signer.sign(`${subject}.${mediaId}`)}`;
  }

  verify(token: string, mediaId: string): { userId: string; expiresAt: Date } | undefined {
    const [user, expires, signature, ...rest] = token.split('.');
    if (!user || !expires || !/^\d{1,12}$/.test(expires) || !signature || rest.length > 0) return undefined;
    if (!this.signer.matches(`${user}.${expires}.${mediaId}`, signature)) return undefined;
    const userId = Buffer.from(user, 'base64url').toString('utf8');
    return userId ? { userId, expiresAt: new Date(Number(expires) * 1000) } : undefined;
  }
}
