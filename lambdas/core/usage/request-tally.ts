import { NO_VALUE, type AccessLogLine } from '../../contract/access-log';
import { usageDay } from './usage-day';

/** Requests of one user on one UTC day, to add to their daily usage item. */
export interface RequestCount {
  userId: string;
  day: string;
  requests: number;
}

/**
 * Which access log lines are requests the usage counter counts: a signed-in
 * user's request that reached a function (it has an integration status), on a
 * dedicated API key. A pooled user's request was already counted by the single
 * conditional write that admitted it (RequestMeter.admit), so counting its line
 * too would count it twice. Requests the gateway refused (throttled, over quota,
 * unauthorized) never reached a function and are not counted, as before.
 */
export function isCountedRequest(line: Partial<AccessLogLine>): boolean {
  const has = (value: string | undefined) => value !== undefined && value !== '' && value !== NO_VALUE;
  return has(line.userId) && has(line.integrationStatus) && line.apiKeyMode !== 'pooled' && Number.isFinite(Number(line.time));
}

/**
 * Folds access log lines (JSON text, one request each) into one count per user
 * and UTC day. Lines that are not JSON objects are skipped: the log group holds
 * only the stage's lines, and one unreadable line must not stop the others.
 */
export function tallyRequests(messages: readonly string[]): RequestCount[] {
  const counts = new Map<string, RequestCount>();
  for (const message of messages) {
    let line: Partial<AccessLogLine>;
    try {
      const parsed: unknown = JSON.parse(message);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) continue;
      line = parsed as Partial<AccessLogLine>;
    } catch {
      continue;
    }
    if (!isCountedRequest(line)) continue;
    const { day } = usageDay(new Date(Number(line.time)));
    const key = `${line.userId}\n${day}`;
    const entry = counts.get(key) ?? { userId: line.userId!, day, requests: 0 };
    entry.requests += 1;
    counts.set(key, entry);
  }
  return [...counts.values()];
}
