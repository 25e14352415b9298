import { useEffect, useRef, useState } from 'react';

/** What takes focus once the list has re-rendered: the first that exists. */
export type FocusTarget = () => HTMLElement | null | undefined;

/**
 * Moves the keyboard focus after the next render, to an element that may not exist yet (a row the
 * server has just confirmed); a disabled one is tried again at the following render.
 */
export function useFocusLater(): (target: FocusTarget) => void {
  const focusTarget = useRef<FocusTarget | null>(null);
  // Bumped to render once more, so the effect below runs when a focus target is set.
  const [, setTick] = useState(0);
  useEffect(() => {
    const element = focusTarget.current?.();
    if (element && !element.matches(':disabled')) {
      element.focus();
      focusTarget.current = null;
    }
  });
  return (target) => {
    focusTarget.current = target;
    setTick((tick) => tick + 1);
  };
}
