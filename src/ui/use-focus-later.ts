import { useEffect, useRef, useState } from 'react';

export type FocusTarget = () => HTMLElement | null | undefined;

/** Focus after the next render, to an element that may not exist yet; a disabled one is retried next render. */
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
