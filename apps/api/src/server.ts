import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { appRouter, INTERNAL_MESSAGE } from "@familyhub/api";
import type { Auth } from "@familyhub/auth";
import { type Database, pingDatabase } from "@familyhub/db";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from "@trpc/server/adapters/fastify";
import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import type { AppRouter } from "@familyhub/api";
import { createRequestContext, toHeaders } from "./context";
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
};

const BODY_LIMIT = 64 * 1024;
const MAX_BATCH = 10;
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Paths that guess secrets (passwords, pairing codes) or that anyone may call without an account
 * (the self-registration page of a QR poster) are held to a much lower rate.
 */
const GUARDED_PATHS = [
  "/api/auth/sign-in",
  "/trpc/kiosk.pair",
  "/trpc/selfRegistration.site",
  "/trpc/selfRegistration.submit",
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
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // The kiosk decodes QR codes with WebAssembly; no inline or remote script anywhere.
        scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
        // Mantine sets its CSS variables in a style element.
        styleSrc: ["'self'", "'unsafe-inline'"],
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
  });

  await app.register(rateLimit, { global: true, max: 1200, timeWindow: "1 minute" });
  const guarded = app.rateLimit({ max: 20, timeWindow: "1 minute" });

  // Cookie sessions must not be usable from another site: changes need our own origin, and
  // tRPC takes JSON only (a cross-site form cannot send it without a CORS preflight).
  app.addHook("onRequest", async (req, reply) => {
    const paths = requestPaths(req.url);
    if (paths.some((path) => GUARDED_PATHS.some((p) => path.startsWith(p)))) {
      await guarded.call(app, req, reply);
    }
    if (reply.sent) return;
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
      const response = await auth.handler(
        new Request(url, {
          method: req.method,
          headers: toHeaders(req.headers),
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
    if (!existsSync(spa.root)) {
      app.get(`${spa.prefix}*`, async (_req, reply) =>
        reply
          .code(503)
          .type("text/plain")
          .send(`The ${spa.name} app is not built yet: run "pnpm build", then restart.`),
      );
      continue;
    }
    await app.register(fastifyStatic, {
      root: spa.root,
      prefix: spa.prefix,
      decorateReply: i === 0,
      wildcard: false,
      setHeaders: (res, path) => {
        res.header(
          "cache-control",
          path.includes("/assets/") ? "public, max-age=31536000, immutable" : "no-cache",
        );
      },
    });
    // A client-side route (a reload of /admin/families/…): the app's own index.html.
    app.get(`${spa.prefix}*`, async (_req, reply) =>
      reply.header("cache-control", "no-cache").sendFile("index.html", spa.root),
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
