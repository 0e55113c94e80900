let context: AudioContext | null = null;

/**
 * Opens the audio output the chime plays through. Opening it blocks the page for a moment (over
 * 100 ms on a slow tablet), so the kiosk does it while nobody is waiting: when it is idle, and
 * while a family reads their names, never between "Check in" and "You're checked in".
 */
export function prepareChime() {
  try {
    context ??= new AudioContext();
  } catch {
    // No audio output: the screen and the spoken announcement still say it.
  }
}

/** Prepares the chime the next time the page is idle (or soon, where there is no idle callback). */
export function prepareChimeWhenIdle() {
  if (context) return;
  if (typeof requestIdleCallback === "function")
    requestIdleCallback(prepareChime, { timeout: 5000 });
  else setTimeout(prepareChime, 500);
}

/** Two soft rising notes: "you're in". Made on the fly so there is no sound file to ship. */
export function playChime() {
  try {
    prepareChime();
    const audio = context;
    if (!audio) return;
    // Made before any tap, the context starts suspended; by now someone has touched the screen.
    void audio.resume();
    const start = audio.currentTime + 0.02;
    for (const [frequency, offset] of [
      [660, 0],
      [880, 0.15],
    ] as const) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.type = "sine";
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.2, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.4);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(start + offset);
      oscillator.stop(start + offset + 0.45);
    }
  } catch {
    // No audio output: the screen and the spoken announcement still say it.
  }
}
