import { linkedinVersion } from '../config';
import { systemClock } from '../../adapters/system-clock';

/** The daily LinkedIn-Version check: the version from LINKEDIN_VERSION (as the publisher reads it) and the clock; no AWS client at all. */
export function linkedinVersionCheckDeps() {
  return { version: linkedinVersion(process.env), clock: systemClock };
}
