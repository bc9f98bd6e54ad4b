import type { AccountReadRequest, AccountReader, AccountRecords } from '@lambdas/core/ports/account-reader';
import type { PostStore } from '@lambdas/core/ports/post-store';
import type { MemoryUserStore } from './memory-stores';

/**
 * The AccountReader over the memory stores, for unit tests of the core: the
 * profile and a post, as DynamoAccountReader reads them in one BatchGetItem.
 * It holds nothing else, and says so rather than answer "absent" for items it
 * cannot see.
 */
export class MemoryAccountReader implements AccountReader {
  constructor(
    private readonly users: MemoryUserStore,
    private readonly posts: PostStore,
  ) {}

  async read(userId: string, want: AccountReadRequest): Promise<AccountRecords> {
    const unsupported = (['connection', 'usageDay', 'scheduleChannel', 'otherPostId', 'taken'] as const).filter((kind) => want[kind] !== undefined && want[kind] !== false);
    if (unsupported.length > 0) throw new Error(`MemoryAccountReader reads profiles and posts only, not: ${unsupported.join(', ')}`);
    const profile = want.profile === false ? undefined : await this.users.get(userId);
    const post = want.postId ? await this.posts.get(userId, want.postId) : undefined;
    return { ...(profile ? { profile } : {}), ...(post ? { post } : {}) };
  }
}
