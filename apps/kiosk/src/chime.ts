let context: AudioContext | null = null;

/** Two soft rising notes: "you're in". Made on the fly so there is no sound file to ship. */
export function playChime() {
  try {
    context ??= new AudioContext();
    const audio = context;
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
