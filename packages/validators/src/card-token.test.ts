import { describe, expect, it } from "vitest";
import { CARD_TOKEN } from "./card-token";
import { CARD_TOKEN as fromIndex } from "./index";

describe("the card token pattern", () => {
  it("takes a card and nothing else", () => {
    expect(CARD_TOKEN.test("FH1-abcdefghijklmnopqrstuv_-")).toBe(true);
    expect(CARD_TOKEN.test("FH1-abcdefghijklmnopqrstuv_")).toBe(false);
    expect(CARD_TOKEN.test("https://example.com/FH1-abcdefghijklmnopqrstuv_-")).toBe(false);
  });

  it("is the one the package exports, so the kiosk and the server agree", () => {
    expect(fromIndex).toBe(CARD_TOKEN);
  });
});
