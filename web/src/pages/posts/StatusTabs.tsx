import { useRef, type KeyboardEvent } from 'react';
import { STATUS_TABS, tabCount, type StatusCounts, type StatusFilter } from '../../posts/post-status';

interface StatusTabsProps {
  selected: StatusFilter;
  /** How many posts each status has (the account's counts); no counts shown without them. */
  counts?: StatusCounts | undefined;
  onSelect(filter: StatusFilter): void;
  /** id of the tab panel the tabs control. */
  panelId: string;
}

export function tabId(filter: StatusFilter): string {
  return `tab-${filter}`;
}

/**
 * The status tabs, each with how many posts it holds, following the WAI-ARIA
 * tabs pattern: one tab stop, arrow keys (and Home/End) move between tabs and
 * select them.
 */
export function StatusTabs({ selected, counts, onSelect, panelId }: StatusTabsProps) {
  const buttons = useRef(new Map<StatusFilter, HTMLButtonElement>());

  function onKeyDown(event: KeyboardEvent) {
    const index = STATUS_TABS.findIndex((tab) => tab.filter === selected);
    const last = STATUS_TABS.length - 1;
    const next =
      event.key === 'ArrowRight' ? (index === last ? 0 : index + 1)
      : event.key === 'ArrowLeft' ? (index === 0 ? last : index - 1)
      : event.key === 'Home' ? 0
      : event.key === 'End' ? last
      : undefined;
    if (next === undefined) return;
    event.preventDefault();
    const filter = STATUS_TABS[next]!.filter;
    onSelect(filter);
    buttons.current.get(filter)?.focus();
  }

  return (
    <div className="tabs" role="tablist" aria-label="Posts by status" onKeyDown={onKeyDown}>
      {STATUS_TABS.map((tab) => {
        const isSelected = tab.filter === selected;
        return (
          <button
            key={tab.filter}
            ref={(element) => {
              if (element) buttons.current.set(tab.filter, element);
              else buttons.current.delete(tab.filter);
            }}
            type="button"
            role="tab"
            id={tabId(tab.filter)}
            className="tabs__tab"
            aria-selected={isSelected}
            aria-controls={panelId}
            tabIndex={isSelected ? 0 : -1}
            onClick={() => onSelect(tab.filter)}
          >
            {tab.label}
            {counts && (
              <span className="tabs__count">
                <span className="visually-hidden"> (</span>
                {tabCount(tab.filter, counts)}
                <span className="visually-hidden">)</span>
              </span>
            )}
          </button>
        );
      })}
    </div>
  );
}
