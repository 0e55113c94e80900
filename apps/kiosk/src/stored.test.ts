// What the kiosk reads back from localStorage: what it wrote comes back the same, and anything
// else (an old shape, a hand-edited value, a half-written one) reads as nothing at all.
import { describe, expect, it } from "vitest";
import { parsePairing, parsePinned, parseSessionsCache } from "./stored";

const roundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe("a stored pairing", () => {
  const pairing = {
    credential: "secret",
    kiosk: { id: "k1", name: "Front door", siteName: "Hillside", siteId: "s1" },
  };

  it("reads back as written, with or without the site id older pairings lack", () => {
    expect(parsePairing(roundTrip(pairing))).toEqual(pairing);
    const { siteId: _, ...older } = pairing.kiosk;
    expect(parsePairing(roundTrip({ ...pairing, kiosk: older }))).toEqual({
      ...pairing,
      kiosk: older,
    });
  });

  it("is refused when anything is missing or of the wrong kind", () => {
    expect(parsePairing(null)).toBeNull();
    expect(parsePairing({ ...pairing, credential: "" })).toBeNull();
    expect(parsePairing({ ...pairing, kiosk: { ...pairing.kiosk, name: 3 } })).toBeNull();
    expect(parsePairing({ ...pairing, kiosk: { ...pairing.kiosk, siteId: null } })).toBeNull();
    expect(parsePairing({ credential: "secret" })).toBeNull();
  });

  it("keeps nothing it does not know", () => {
    const extra = { ...pairing, other: 1, kiosk: { ...pairing.kiosk, other: 2 } };
    expect(parsePairing(extra)).toEqual(pairing);
  });
});

describe("today's stored sessions", () => {
  const cache = {
    siteId: "s1",
    date: "2026-11-22",
    savedAt: 1_795_000_000_000,
    sessions: [
      {
        id: "a",
        programmeName: "Stay and play",
        startsAt: new Date("2026-11-22T09:30:00Z"),
        endsAt: new Date("2026-11-22T11:00:00Z"),
      },
    ],
  };

  it("read back with real dates", () => {
    const read = parseSessionsCache(roundTrip(cache));
    expect(read).toEqual(cache);
    expect(read?.sessions[0]?.startsAt).toBeInstanceOf(Date);
  });

  it("are refused whole if one session is not a session", () => {
    const broken = roundTrip(cache) as typeof cache;
    (broken.sessions[0] as Record<string, unknown>).endsAt = "not a date";
    expect(parseSessionsCache(broken)).toBeNull();
    expect(parseSessionsCache({ ...cache, savedAt: "yesterday" })).toBeNull();
    expect(parseSessionsCache({ ...cache, sessions: {} })).toBeNull();
  });
});

describe("a stored pin", () => {
  it("reads back as written, and not otherwise", () => {
    expect(parsePinned({ sessionId: "a", until: 5 })).toEqual({ sessionId: "a", until: 5 });
    expect(parsePinned({ sessionId: "a", until: "later" })).toBeNull();
    expect(parsePinned({ until: 5 })).toBeNull();
    expect(parsePinned([])).toBeNull();
  });
});
