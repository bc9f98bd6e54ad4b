/**
 * Time zones by their current IANA names. Browsers list zones as ICU does,
 * which keeps old names as the canonical ones (Asia/Calcutta, Europe/Kiev,
 * America/Godthab…) and leaves the current names (Asia/Kolkata, Europe/Kyiv,
 * America/Nuuk…) out of Intl.supportedValuesOf, though every Intl (the
 * browser's, the API's Node) takes both. Mark.0 offers and saves the current
 * name; a profile saved with an old one shows the same zone by its new name.
 */

/** ICU's canonical (old) name → the IANA name in use today. */
const CURRENT_NAMES: Readonly<Record<string, string>> = {
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Coral_Harbour': 'America/Atikokan',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Godthab': 'America/Nuuk',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};

/** The old names of each current one ("Asia/Kolkata" → ["Asia/Calcutta"]), so a search for either finds it. */
const OLD_NAMES = new Map<string, string[]>();
for (const [old, current] of Object.entries(CURRENT_NAMES)) OLD_NAMES.set(current, [...(OLD_NAMES.get(current) ?? []), old]);

/** The name in use today for `zone` (itself when it is not an old one). */
export function currentZoneName(zone: string): string {
  return CURRENT_NAMES[zone] ?? zone;
}

/** Every zone this browser knows, by current names, with UTC and `extra` (the saved and the device's zones), sorted. */
export function zoneChoices(extra: readonly string[] = []): string[] {
  const known = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return [...new Set([...known, 'UTC', ...extra].map(currentZoneName))].sort();
}

/** How a zone reads in a list: "America/New York". */
export function zoneLabel(zone: string): string {
  return zone.replace(/_/g, ' ');
}

/** True when `query` ("kolkata", "new york", "Kiev") is part of the zone's name or of one of its old names. */
export function zoneMatches(zone: string, query: string): boolean {
  const wanted = query.trim().toLowerCase().replace(/_/g, ' ');
  if (wanted === '') return true;
  return [zone, ...(OLD_NAMES.get(zone) ?? [])].some((name) => zoneLabel(name).toLowerCase().includes(wanted));
}
