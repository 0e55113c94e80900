import { describe, expect, it } from "vitest";
import { readEnv } from "./env";

describe("readEnv", () => {
  it("has safe defaults: 30 idle minutes, 12 hours at most, no identity provider", () => {
    const env = readEnv({});
    expect(env.SESSION_IDLE_MINUTES).toBe(30);
    expect(env.SESSION_MAX_HOURS).toBe(12);
    expect(env.oidc).toBeNull();
    expect(env.trustProxy).toBe(false);
  });

  it("requires a secret of 32+ characters in production", () => {
    expect(() => readEnv({ NODE_ENV: "production" })).toThrow(/BETTER_AUTH_SECRET/);
    expect(() => readEnv({ NODE_ENV: "production", BETTER_AUTH_SECRET: "short" })).toThrow(
      /at least 32/,
    );
    expect(readEnv({ NODE_ENV: "production", BETTER_AUTH_SECRET: "s".repeat(32) }).NODE_ENV).toBe(
      "production",
    );
  });

  it("takes the identity provider whole or not at all", () => {
    const oidc = {
      OIDC_DISCOVERY_URL:
        "https://login.microsoftonline.com/t/v2.0/.well-known/openid-configuration",
      OIDC_CLIENT_ID: "client",
      OIDC_CLIENT_SECRET: "secret",
    };
    expect(() => readEnv({ OIDC_CLIENT_ID: "client" })).toThrow(/all of OIDC_DISCOVERY_URL/);
    expect(readEnv({ ...oidc, OIDC_NAME: "Fernleigh Council" }).oidc).toEqual({
      discoveryUrl: oidc.OIDC_DISCOVERY_URL,
      clientId: "client",
      clientSecret: "secret",
      name: "Fernleigh Council",
    });
    expect(() => readEnv({ ...oidc, OIDC_DISCOVERY_URL: "not a url" })).toThrow(
      /OIDC_DISCOVERY_URL/,
    );
  });

  it("refuses session limits that are not whole numbers in range", () => {
    expect(() => readEnv({ SESSION_IDLE_MINUTES: "0" })).toThrow(/SESSION_IDLE_MINUTES/);
    expect(() => readEnv({ SESSION_MAX_HOURS: "ten" })).toThrow(/SESSION_MAX_HOURS/);
    expect(readEnv({ TRUST_PROXY: "10.0.0.1, 10.0.0.2" }).trustProxy).toEqual([
      "10.0.0.1",
      "10.0.0.2",
    ]);
  });
});
