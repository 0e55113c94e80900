import { describe, expect, it } from "vitest";
import { CARD_TOKEN } from "@familyhub/validators";
import { hashSecret, newCardToken, newKioskCredential, newPairingCode } from "./tokens";

describe("secrets", () => {
  it("card tokens carry 144 random bits in the shape the kiosk checks", () => {
    const tokens = new Set(Array.from({ length: 1000 }, newCardToken));
    expect(tokens.size).toBe(1000);
    for (const token of tokens) expect(token).toMatch(CARD_TOKEN);
    expect(Buffer.from(newCardToken().slice(4), "base64url")).toHaveLength(18);
  });

  it("pairing codes avoid characters that are easy to misread", () => {
    for (let i = 0; i < 500; i++) expect(newPairingCode()).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
  });

  it("kiosk credentials are long and distinct", () => {
    expect(newKioskCredential()).not.toBe(newKioskCredential());
    expect(newKioskCredential().length).toBeGreaterThan(40);
  });

  it("hashes are stable and do not contain the secret", () => {
    const token = newCardToken();
    expect(hashSecret(token)).toBe(hashSecret(token));
    expect(hashSecret(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSecret(token)).not.toContain(token.slice(4, 12));
  });
});
