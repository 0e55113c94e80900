import { CARD_TOKEN as shared } from "@familyhub/validators";
import { describe, expect, it } from "vitest";
import { CARD_TOKEN } from "./card-token";

describe("the kiosk's card token pattern", () => {
  it("is the shared one, character for character", () => {
    expect(CARD_TOKEN.source).toBe(shared.source);
    expect(CARD_TOKEN.flags).toBe(shared.flags);
  });

  it("takes a card and nothing else", () => {
    expect(CARD_TOKEN.test("FH1-abcdefghijklmnopqrstuv_-")).toBe(true);
    expect(CARD_TOKEN.test("FH1-abcdefghijklmnopqrstuv_")).toBe(false);
    expect(CARD_TOKEN.test("https://example.com/FH1-abcdefghijklmnopqrstuv_-")).toBe(false);
  });
});
