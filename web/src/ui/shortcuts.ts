/**
 * Keyboard shortcuts for a screen: single keys (j, k, a…) with exact modifiers, ignored while the user types in a
 * field, a select or an editable element, and while a dialog is open over the screen.
 */
import { useEffect, useRef } from 'react';

export type ShortcutMap = Record<string, (event: KeyboardEvent) => void>;

const typingInto = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/** `key` is KeyboardEvent.key ("j", "?", "ArrowRight"); a modifier is written "Shift+…"/"Ctrl+…"/"Alt+…". */
export function useShortcuts(shortcuts: ShortcutMap, enabled = true): void {
  const current = useRef(shortcuts);
  // The latest handlers, without re-adding the listener on every render.
  useEffect(() => {
    current.current = shortcuts;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || typingInto(event.target) || event.metaKey) return;
      if (document.querySelector('dialog[open]')) return;
      const name = [event.ctrlKey && 'Ctrl', event.altKey && 'Alt', event.key].filter(Boolean).join('+');
      const handler = current.current[name];
      if (!handler) return;
      event.preventDefault();
      handler(event);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
