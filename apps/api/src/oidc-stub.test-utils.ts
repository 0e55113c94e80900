// A tiny OpenID Connect provider for tests, standing in for the council's (Entra ID): discovery,
// JWKS, authorize (signs in whoever the test says, at once), token (checks the client secret and
// PKCE, returns an RS256 ID token with the nonce), userinfo.
import { createHash, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import Fastify from "fastify";

export type StubUser = { sub: string; email: string; name: string; [claim: string]: unknown };

type Grant = {
  user: StubUser;
  nonce: string | undefined;
  challenge: string | undefined;
  redirectUri: string;
};

const base64url = (value: Buffer | string) => Buffer.from(value).toString("base64url");

export async function startOidcStub(client: { id: string; secret: string }) {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = randomBytes(8).toString("hex");
  const grants = new Map<string, Grant>();
  const tokens = new Map<string, StubUser>();
  /** Who the next visit to /authorize signs in, as if they had typed their password there. */
  let nextUser: StubUser | null = null;

  const app = Fastify({ logger: false });
  app.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string" },
    (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  // Known once listening; every handler runs after that.
  let issuer = "";

  const idToken = (user: StubUser, nonce: string | undefined) => {
    const now = Math.floor(Date.now() / 1000);
    const header = base64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid }));
    const payload = base64url(
      JSON.stringify({
        ...user,
        iss: issuer,
        aud: client.id,
        iat: now,
        exp: now + 300,
        email_verified: true,
        ...(nonce ? { nonce } : {}),
      }),
    );
    const signature = sign("RSA-SHA256", Buffer.from(`${header}.${payload}`), privateKey);
    return `${header}.${payload}.${base64url(signature)}`;
  };

  app.get("/.well-known/openid-configuration", async () => ({
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    userinfo_endpoint: `${issuer}/userinfo`,
    jwks_uri: `${issuer}/jwks`,
    response_types_supported: ["code"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256"],
    scopes_supported: ["openid", "email", "profile"],
    token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
    code_challenge_methods_supported: ["S256"],
    claims_supported: ["sub", "email", "email_verified", "name"],
  }));

  app.get("/jwks", async () => ({
    keys: [{ ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" }],
  }));

  app.get<{ Querystring: Record<string, string | undefined> }>("/authorize", async (req, reply) => {
    const q = req.query;
    if (q.client_id !== client.id || !q.redirect_uri || !nextUser) {
      return reply.code(400).send({ error: "invalid_request" });
    }
    const code = randomBytes(16).toString("hex");
    grants.set(code, {
      user: nextUser,
      nonce: q.nonce,
      challenge: q.code_challenge,
      redirectUri: q.redirect_uri,
    });
    const back = new URL(q.redirect_uri);
    back.searchParams.set("code", code);
    if (q.state) back.searchParams.set("state", q.state);
    return reply.redirect(back.toString());
  });

  app.post<{ Body: Record<string, string | undefined> }>("/token", async (req, reply) => {
    const body = req.body;
    const basic = req.headers.authorization?.startsWith("Basic ")
      ? Buffer.from(req.headers.authorization.slice(6), "base64").toString().split(":")
      : [];
    const clientId = body.client_id ?? decodeURIComponent(basic[0] ?? "");
    const secret = body.client_secret ?? decodeURIComponent(basic[1] ?? "");
    const grant = grants.get(body.code ?? "");
    if (clientId !== client.id || secret !== client.secret || !grant) {
      return reply.code(400).send({ error: "invalid_grant" });
    }
    grants.delete(body.code ?? "");
    const verifier = body.code_verifier ?? "";
    if (
      grant.challenge &&
      base64url(createHash("sha256").update(verifier).digest()) !== grant.challenge
    ) {
      return reply.code(400).send({ error: "invalid_grant", error_description: "PKCE" });
    }
    if (body.redirect_uri !== grant.redirectUri)
      return reply.code(400).send({ error: "invalid_grant" });
    const accessToken = randomBytes(16).toString("hex");
    tokens.set(accessToken, grant.user);
    return {
      access_token: accessToken,
      token_type: "Bearer",
      expires_in: 3600,
      scope: "openid email profile",
      id_token: idToken(grant.user, grant.nonce),
    };
  });

  app.get("/userinfo", async (req, reply) => {
    const user = tokens.get(req.headers.authorization?.replace(/^Bearer /, "") ?? "");
    if (!user) return reply.code(401).send({ error: "invalid_token" });
    return { ...user, email_verified: true };
  });

  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  if (!address || typeof address === "string") throw new Error("The OIDC stub has no port");
  issuer = `http://127.0.0.1:${address.port}`;

  return {
    issuer,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    signInAs(user: StubUser) {
      nextUser = user;
    },
    close: () => app.close(),
  };
}
