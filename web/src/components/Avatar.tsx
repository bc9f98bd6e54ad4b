import { useState } from 'react';

/**
 * The LinkedIn profile picture, or the initials when there is none or it does
 * not load (LinkedIn's picture URLs expire). Decorative: the name is always
 * written next to it.
 */
export function Avatar({ name, pictureUrl, size = 'medium' }: { name: string; pictureUrl: string | null; size?: 'medium' | 'large' }) {
  const [failed, setFailed] = useState(false);
  if (pictureUrl && !failed) {
    return <img className={`avatar avatar--${size}`} src={pictureUrl} alt="" referrerPolicy="no-referrer" onError={() => setFailed(true)} />;
  }
  return (
    <span className={`avatar avatar--${size} avatar--initials`} aria-hidden="true">
      {initials(name)}
    </span>
  );
}

export function initials(name: string): string {
  const words = name.replace(/@.*/, '').split(/[\s._-]+/).filter(Boolean);
  return (words.length > 1 ? `${words[0]![0]}${words[words.length - 1]![0]}` : (words[0] ?? '?').slice(0, 2)).toUpperCase();
}
