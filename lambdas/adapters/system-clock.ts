import type { Clock } from '../core/ports/clock';

/** The real clock, for Lambda and the local runtime (tests pass one they can move). */
export const systemClock: Clock = { now: () => new Date() };
