import { LinkedInSettings } from './LinkedInSettings';
import { NotificationSettings } from './NotificationSettings';
import { TimeZoneSettings } from './TimeZoneSettings';
import { UsageSettings } from './UsageSettings';
import { VoiceSettings } from './VoiceSettings';
import { YourDataSettings } from './YourDataSettings';

/** Settings: the LinkedIn connection, the time zone, e-mail notifications, the AI voice, the plan with today's usage, and your data (download, delete). */
export function SettingsPage() {
  return (
    <div className="settings">
      <h1 className="page__title" tabIndex={-1}>
        Settings
      </h1>
      <LinkedInSettings />
      <TimeZoneSettings />
      <NotificationSettings />
      <VoiceSettings />
      <UsageSettings />
      <YourDataSettings />
    </div>
  );
}
