import { NotFoundError } from '../errors';
import type { TierName } from '../../contract/tiers';
import { keyModeOf, usagePlanFor, type AssignedApiKey, type UsagePlanName } from '../../contract/usage-plans';
import type { AuditLog } from '../ports/audit-log';
import type { UserStore } from '../ports/user-store';
import { assignKey, type ApiKeyDeps } from './ensure-api-key';

export interface TierChangeDeps extends ApiKeyDeps {
  users: UserStore;
  audit: AuditLog;
}

export interface TierChange {
  userId: string;
  from: TierName;
  to: TierName;
  /** What happened to the user's API key. */
  key:
    | { action: 'moved'; from: UsagePlanName; to: UsagePlanName }
    | { action: 'reassigned'; from: UsagePlanName; to: UsagePlanName }
    | { action: 'none-yet' }
    | { action: 'unchanged'; plan: UsagePlanName };
}

/**
 * The operator's tier change (bin/tier.ts): the profile's tier, the user's key
 * onto the new tier's plan, and a `tier.changed` audit event.
 *  - a dedicated key moves to the new tier's plan (same key: API Gateway applies
 *    the new plan's limits to the very next request);
 *  - a pooled user is assigned afresh: a dedicated key if the budget allows
 *    (paying tiers have the whole budget), else the new tier's shared key;
 *  - a user without a key yet gets one on the new plan with their next request.
 * Safe to run again after a crash halfway: moving a key is idempotent.
 */
export async function changeTier(deps: TierChangeDeps, userId: string, to: TierName): Promise<TierChange> {
  const profile = await deps.users.get(userId);
  if (!profile) throw new NotFoundError(`There is no user ${userId}.`);
  const from = profile.tier;
  const current = profile.apiKey;
  let next: AssignedApiKey | undefined = current;
  let key: TierChange['key'];

  if (!current) {
    key = { action: 'none-yet' };
  } else if (keyModeOf(current.plan) === 'dedicated') {
    const plan = usagePlanFor(to, 'dedicated');
    if (plan === current.plan) key = { action: 'unchanged', plan };
    else {
      await deps.provisioner.moveKey(current, current.plan, plan);
      next = { ...current, plan };
      key = { action: 'moved', from: current.plan, to: plan };
    }
  } else if (from === to) {
    key = { action: 'unchanged', plan: current.plan };
  } else {
    next = await assignKey(deps, userId, to);
    key = { action: 'reassigned', from: current.plan, to: next.plan };
  }

  if (from === to && next === current) return { userId, from, to, key };
  await deps.users.changeTier(userId, { from, to, ...(next ? { apiKey: next } : {}) });
  if (from !== to) {
    await deps.audit.append(userId, {
      type: 'tier.changed',
      data: { from, to, keyPlanFrom: current?.plan ?? null, keyPlanTo: next?.plan ?? null },
    });
  }
  return { userId, from, to, key };
}
