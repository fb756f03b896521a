import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

/**
 * Tabs as WAI-ARIA describes them: arrow keys move between tabs, only the chosen one is in the tab
 * order, and the panel is labelled by its tab.
 */
export function Tabs<K extends string>(props: {
  readonly label: string;
  readonly tabs: ReadonlyArray<{ key: K; title: string }>;
  readonly selected: K;
  readonly onSelect: (key: K) => void;
  readonly children: ReactNode;
}) {
  const id = useId();
  const buttons = useRef<Array<HTMLButtonElement | null>>([]);
  const index = props.tabs.findIndex((tab) => tab.key === props.selected);
  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    const to =
      event.key === 'Home'
        ? 0
        : event.key === 'End'
          ? props.tabs.length - 1
          : step === 0
            ? -1
            : (index + step + props.tabs.length) % props.tabs.length;
    const tab = props.tabs[to];
    if (to < 0 || !tab) return;
    event.preventDefault();
    props.onSelect(tab.key);
    buttons.current[to]?.focus();
  };
  return (
    <>
      <div role="tablist" aria-label={props.label} className="tabs" onKeyDown={onKeyDown}>
        {props.tabs.map((tab, i) => (
          <button
            key={tab.key}
            ref={(el) => {
              buttons.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${id}-${tab.key}`}
            aria-selected={tab.key === props.selected}
            aria-controls={`${id}-panel`}
            tabIndex={tab.key === props.selected ? 0 : -1}
            onClick={() => props.onSelect(tab.key)}
          >
            {tab.title}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-${props.selected}`}>
        {props.children}
      </div>
    </>
  );
}
