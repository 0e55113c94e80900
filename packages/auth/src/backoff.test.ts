import { describe, expect, it } from "vitest";
import { SignInBackoff } from "./backoff";

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("SignInBackoff", () => {
  it("lets three wrong passwords through, then doubles a wait from one second", () => {
    const time = clock();
    const backoff = new SignInBackoff({ now: time.now });
    const waits = Array.from({ length: 6 }, () => backoff.recordFailure("Ann@x.test", "1.1.1.1"));
    expect(waits).toEqual([0, 0, 0, 1, 2, 4]);
    expect(backoff.check("ann@x.test", "1.1.1.1")).toEqual({
      allowed: false,
      retryAfterSeconds: 4,
    });
    time.advance(4000);
    expect(backoff.check("ann@x.test", "1.1.1.1")).toEqual({ allowed: true });
  });

  it("never delays the same account from another address", () => {
    const backoff = new SignInBackoff({ now: clock().now });
    for (let i = 0; i < 20; i++) backoff.recordFailure("ann@x.test", "6.6.6.6");
    expect(backoff.check("ann@x.test", "6.6.6.6").allowed).toBe(false);
    expect(backoff.check("ann@x.test", "10.0.0.5")).toEqual({ allowed: true });
  });

  it("caps the wait, forgets old failures and clears on success", () => {
    const time = clock();
    const backoff = new SignInBackoff({
      now: time.now,
      maxDelaySeconds: 60,
      forgetAfterSeconds: 600,
    });
    let wait = 0;
    for (let i = 0; i < 30; i++) wait = backoff.recordFailure("bo@x.test", "1.1.1.1");
    expect(wait).toBe(60);
    time.advance(601_000);
    expect(backoff.recordFailure("bo@x.test", "1.1.1.1")).toBe(0);
    backoff.recordFailure("bo@x.test", "1.1.1.1");
    backoff.recordSuccess("bo@x.test", "1.1.1.1");
    expect(backoff.recordFailure("bo@x.test", "1.1.1.1")).toBe(0);
  });

  it("remembers a bounded number of pairs, so guessing many emails cannot fill memory", () => {
    const backoff = new SignInBackoff({ now: clock().now, maxEntries: 10, freeFailures: 0 });
    for (let i = 0; i < 50; i++) backoff.recordFailure(`p${i}@x.test`, "1.1.1.1");
    expect(backoff.check("p0@x.test", "1.1.1.1")).toEqual({ allowed: true });
    expect(backoff.check("p49@x.test", "1.1.1.1").allowed).toBe(false);
  });
});
