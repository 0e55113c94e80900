import { useEffect, useEffectEvent, useState } from "react";

/** The time, refreshed every `everyMs`, so "on now" and the date follow the clock. */
export function useNow(everyMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** Calls `onIdle` once nobody has touched the screen or pressed a key for `ms`. */
export function useIdleTimeout(ms: number, onIdle: () => void) {
  const fire = useEffectEvent(onIdle);
  useEffect(() => {
    let timer = setTimeout(fire, ms);
    const restart = () => {
      clearTimeout(timer);
      timer = setTimeout(fire, ms);
    };
    const events = ["pointerdown", "keydown"] as const;
    for (const event of events) window.addEventListener(event, restart, true);
    return () => {
      clearTimeout(timer);
      for (const event of events) window.removeEventListener(event, restart, true);
    };
  }, [ms]);
}

/** Whether a key press would type a character, as a USB scanner's keys do. */
export function isTypedCharacter(event: KeyboardEvent): boolean {
  return (
    event.key.length === 1 && event.key !== " " && !event.ctrlKey && !event.metaKey && !event.altKey
  );
}
