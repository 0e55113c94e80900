import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { appRouter, INTERNAL_MESSAGE, requiresSecondFactor } from "@familyhub/api";
import type { Auth } from "@familyhub/auth";
import { type Database, pingDatabase } from "@familyhub/db";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from "@trpc/server/adapters/fastify";
import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import type { AppRouter } from "@familyhub/api";
import { createRequestContext, staffIdentity, toHeaders } from "./context";
import { directoryRoutes } from "./directory-routes";
import { importsRoute } from "./imports-route";

export type ServerOptions = {
  db: Database;
  auth: Auth;
  publicUrl: string;
  production: boolean;
  logLevel?: string;
  /** Built apps; default to apps/admin/dist and apps/kiosk/dist of this checkout. */
  adminDist?: string;
  kioskDist?: string;
  /** Behind a reverse proxy: which proxies to believe about the caller's address (Fastify's trustProxy). */
  trustProxy?: boolean | string[];
};

/** Vite writes this into the built index.html (`html.cspNonce`); each response gets its own nonce. */
export const CSP_NONCE_PLACEHOLDER = "__FAMILYHUB_CSP_NONCE__";

const BODY_LIMIT = 64 * 1024;
const MAX_BATCH = 10;
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

type RateRule = {
  name: string;
  matches: (path: string) => boolean;
  max: number;
  /** Who is counted: the address, unless the rule counts per kiosk or per session. */
  key?: (req: FastifyRequest) => string;
};

const sha256 = (value: string) => createHash("sha256").update(value).digest("base64url");

/** A kiosk is counted by its credential (many kiosks may share a council's address). */
const perKiosk = (req: FastifyRequest) =>
  req.headers.authorization ? `kiosk:${sha256(req.headers.authorization)}` : `ip:${req.ip}`;
/** Staff are counted per session, so colleagues behind one address do not share a budget. */
const perSession = (req: FastifyRequest) =>
  req.headers.cookie ? `session:${sha256(req.headers.cookie)}` : `ip:${req.ip}`;

/**
 * Paths that guess secrets (passwords, TOTP codes, pairing codes), that anyone may call without
 * an account (the self-registration page of a QR poster), that a kiosk calls per scan, or that
 * export data in bulk are each held to their own rate, per minute. Wrong passwords are also
 * slowed per account and address by Better Auth's plugin (packages/auth/src/backoff.ts).
 */
export const RATE_RULES: readonly RateRule[] = [
  {
    name: "sign-in",
    matches: (p) =>
      ["/api/auth/sign-in", "/api/auth/two-factor", "/api/auth/callback"].some((g) =>
        p.startsWith(g),
      ),
    max: 20,
  },
  {
    name: "pairing and public self-registration",
    matches: (p) =>
      ["/trpc/kiosk.pair", "/trpc/selfRegistration.site", "/trpc/selfRegistration.submit"].some(
        (g) => p.startsWith(g),
      ),
    max: 20,
  },
  {
    name: "kiosk scans",
    matches: (p) => p === "/trpc/kiosk.lookup" || p === "/trpc/kiosk.checkIn",
    max: 120,
    key: perKiosk,
  },
  {
    name: "exports",
    // Any procedure or route whose name says it exports (the audit log's CSV…) and the subject
    // access export of everything held about a family.
    matches: (p) => /export/i.test(p) || p.startsWith("/trpc/rights.subjectAccess"),
    max: 10,
    key: perSession,
  },
];

/**
 * Better Auth paths a session still waiting for its second factor may call: the session itself,
 * signing out or in again, and the TOTP steps. Anything else (change password, list sessions…)
 * waits until the second factor is proved.
 */
const PENDING_AUTH_PATHS = [
  "/get-session",
  "/sign-out",
  "/sign-in/",
  "/callback/",
  "/two-factor/enable",
  "/two-factor/verify-totp",
  "/two-factor/verify-backup-code",
  "/two-factor/get-totp-uri",
];

/** The paths a request calls: a tRPC batch names several, and one guarded path guards it all. */
function requestPaths(url: string): string[] {
  let path = url.split("?")[0] ?? url;
  try {
    path = decodeURIComponent(path);
  } catch {
    // Left as sent: the router will not find it either.
  }
  if (!path.startsWith("/trpc/")) return [path];
  return path
    .slice("/trpc/".length)
    .split(",")
    .map((name) => `/trpc/${name}`);
}

export async function buildServer(options: ServerOptions) {
  const { db, auth, publicUrl, production } = options;
  const publicOrigin = new URL(publicUrl).origin;
  const adminDist =
    options.adminDist ?? fileURLToPath(new URL("../../admin/dist", import.meta.url));
  const kioskDist =
    options.kioskDist ?? fileURLToPath(new URL("../../kiosk/dist", import.meta.url));

  const app = Fastify({
    logger: { level: options.logLevel ?? "info" },
    bodyLimit: BODY_LIMIT,
    routerOptions: { maxParamLength: 5000 },
    trustProxy: options.trustProxy ?? false,
  });

  // tRPC answers are JSON, never a page: they need no nonce (two random values and a CSP
  // rebuilt per response, a measurable share of a kiosk scan's CPU) and get the strictest policy
  // instead. Added before helmet, so helmet's own onRoute hook sees it.
  app.addHook("onRoute", (route) => {
    if (route.url.startsWith("/trpc")) {
      route.helmet = {
        enableCSPNonces: false,
        contentSecurityPolicy: {
          directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
        },
      };
    }
  });

  await app.register(helmet, {
    // A fresh nonce per response is added to script-src and style-src: the built apps' index.html
    // carries it (Vite's html.cspNonce), and Mantine gives it to the <style> elements it makes
    // (MantineProvider getStyleNonce). No 'unsafe-inline' anywhere: style attributes set by React
    // go through the CSSOM (element.style), which CSP does not govern, and markup style
    // attributes stay refused (style-src-attr falls back to style-src, where nonces never apply).
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // The kiosk decodes QR codes with WebAssembly; no inline or remote script anywhere.
        scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:", "blob:"],
        mediaSrc: ["'self'", "blob:"],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", "blob:"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: production ? [] : null,
      },
    },
    hsts: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    // For browsers that predate frame-ancestors.
    frameguard: { action: "deny" },
  });

  await app.register(rateLimit, { global: true, max: 1200, timeWindow: "1 minute" });
  const limiters = RATE_RULES.map((rule) => ({
    rule,
    limit: app.rateLimit({
      max: rule.max,
      timeWindow: "1 minute",
      keyGenerator: rule.key ?? ((req) => req.ip),
    }),
  }));

  // Cookie sessions must not be usable from another site: changes need our own origin, and
  // tRPC takes JSON only (a cross-site form cannot send it without a CORS preflight).
  app.addHook("onRequest", async (req, reply) => {
    const paths = requestPaths(req.url);
    for (const { rule, limit } of limiters) {
      if (!paths.some(rule.matches)) continue;
      await limit.call(app, req, reply);
      if (reply.sent) return;
    }
    if (req.url.startsWith("/trpc") && req.method !== "POST") {
      // Queries are POSTed too, so no input (a name, a card code) ever sits in a URL or a log.
      return reply
        .code(405)
        .header("allow", "POST")
        .send({ error: "Use POST for every tRPC call." });
    }
    if (SAFE_METHODS.has(req.method)) return;
    const site = req.headers["sec-fetch-site"];
    const origin = req.headers.origin;
    const sameOrigin =
      origin === undefined || origin === publicOrigin || origin === `http://${req.headers.host}`;
    if ((site !== undefined && site !== "same-origin" && site !== "none") || !sameOrigin) {
      return reply.code(403).send({ error: "Requests from other sites are refused." });
    }
    if (
      req.url.startsWith("/trpc") &&
      !req.headers["content-type"]?.startsWith("application/json")
    ) {
      return reply.code(415).send({ error: "Send JSON (Content-Type: application/json)." });
    }
  });

  app.get("/healthz", async (_req, reply) => {
    const database = await pingDatabase(db);
    return reply
      .code(database ? 200 : 503)
      .send({ status: database ? "ok" : "degraded", database });
  });

  app.route({
    method: ["GET", "POST"],
    url: "/api/auth/*",
    handler: async (req: FastifyRequest, reply: FastifyReply) => {
      const url = new URL(req.url, publicUrl);
      const authPath = url.pathname.slice("/api/auth".length);
      if (req.headers.cookie && !PENDING_AUTH_PATHS.some((p) => authPath.startsWith(p))) {
        const identity = await staffIdentity(db, auth, req);
        if (identity.kind === "pending") {
          return reply.code(403).send({
            error: "Finish signing in first: enter the code from your authenticator app.",
          });
        }
        // Turning TOTP off is not for a role that must have it.
        if (
          authPath.startsWith("/two-factor/disable") &&
          identity.kind === "staff" &&
          requiresSecondFactor(identity.staff.role)
        ) {
          return reply.code(403).send({ error: "Your role must sign in with a code." });
        }
      }
      const response = await auth.handler(
        new Request(url, {
          method: req.method,
          headers: toHeaders(req.headers, req.ip),
          body:
            req.method === "POST" && req.body !== undefined ? JSON.stringify(req.body) : undefined,
        }),
      );
      reply.status(response.status);
      response.headers.forEach((value, key) => {
        if (key !== "set-cookie") reply.header(key, value);
      });
      const cookies = response.headers.getSetCookie();
      if (cookies.length) reply.header("set-cookie", cookies);
      return reply.send(response.body ? await response.text() : null);
    },
  });

  await app.register(importsRoute, { db, auth });
  await app.register(directoryRoutes, { db, publicUrl });

  await app.register(fastifyTRPCPlugin, {
    prefix: "/trpc",
    trpcOptions: {
      router: appRouter,
      createContext: ({ req }) => createRequestContext(db, auth, req),
      allowMethodOverride: true,
      maxBatchSize: MAX_BATCH,
      onError: ({ path, error }) => {
        if (error.code === "INTERNAL_SERVER_ERROR")
          app.log.error({ path, err: error.cause ?? error }, "tRPC procedure failed");
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>["trpcOptions"],
  });

  const apps = [
    { prefix: "/admin/", root: adminDist, name: "admin" },
    { prefix: "/kiosk/", root: kioskDist, name: "kiosk" },
  ];
  for (const [i, spa] of apps.entries()) {
    if (!existsSync(join(spa.root, "index.html"))) {
      app.get(`${spa.prefix}*`, async (_req, reply) =>
        reply
          .code(503)
          .type("text/plain")
          .send(`The ${spa.name} app is not built yet: run "pnpm build", then restart.`),
      );
      continue;
    }
    // index.html is served below, with this response's CSP nonce written in.
    const indexHtml = readFileSync(join(spa.root, "index.html"), "utf8");
    await app.register(fastifyStatic, {
      root: spa.root,
      prefix: spa.prefix,
      decorateReply: i === 0,
      wildcard: false,
      globIgnore: ["index.html"],
      setHeaders: (res, path) => {
        res.header(
          "cache-control",
          path.includes("/assets/") ? "public, max-age=31536000, immutable" : "no-cache",
        );
      },
    });
    // The app's start page, and any client-side route (a reload of /admin/families/…). Never
    // cached: a stored copy would carry an old nonce the new response's CSP does not allow.
    app.get(`${spa.prefix}*`, async (_req, reply) =>
      reply
        .header("cache-control", "no-store")
        .type("text/html; charset=utf-8")
        .send(indexHtml.replaceAll(CSP_NONCE_PLACEHOLDER, reply.cspNonce.style)),
    );
  }
  app.get("/", async (_req, reply) => reply.redirect("/admin/"));

  app.setErrorHandler((error, req, reply) => {
    const status =
      error instanceof Error && "statusCode" in error && typeof error.statusCode === "number"
        ? error.statusCode
        : 500;
    if (status >= 500) req.log.error({ err: error }, "request failed");
    const message = status >= 500 || !(error instanceof Error) ? INTERNAL_MESSAGE : error.message;
    return reply.code(status).send({ error: message });
  });

  return app;
}
