// CSV imports from the admin app. A legacy file is megabytes and tRPC takes 64 kB of JSON, so
// the file comes as the raw body of its own route: `POST /api/imports/:kind` with
// `content-type: text/csv`. The staff session cookie is checked exactly as for tRPC (the
// server's onRequest hook has already refused other sites), and before the body is read, so a
// caller without import:run is turned away without uploading anything.
import { can, type StaffUser } from "@familyhub/api";
import type { Auth } from "@familyhub/auth";
import type { Database } from "@familyhub/db";
import {
  decodeCsvBytes,
  importAttendances,
  importPeople,
  importSites,
  summariseAttendancesImport,
  summarisePeopleImport,
} from "@familyhub/db/imports";
import { importBaseline } from "@familyhub/reach";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { createRequestContext } from "./context";

export const IMPORT_BODY_LIMIT = 60 * 1024 * 1024;
export const importKinds = ["sites", "people", "attendances", "baseline"] as const;
export type ImportKind = (typeof importKinds)[number];

/** What the admin app reads back; `errors` and `warnings` are sentences to show as they are. */
export type ImportResponse = {
  ok: boolean;
  created: number;
  updated: number;
  unchanged: number;
  summary: string | null;
  errors: string[];
  warnings: string[];
};

const isKind = (kind: string): kind is ImportKind => importKinds.some((k) => k === kind);

function refused(reply: FastifyReply, status: number, errors: string | string[]) {
  const body: ImportResponse = {
    ok: false,
    created: 0,
    updated: 0,
    unchanged: 0,
    summary: null,
    errors: typeof errors === "string" ? [errors] : errors,
    warnings: [],
  };
  return reply.code(status).send(body);
}

async function runImport(
  db: Database,
  kind: ImportKind,
  text: string,
  staff: StaffUser,
  ip: string,
  snapshotDate: string | undefined,
): Promise<ImportResponse> {
  const actor = { type: "staff" as const, id: staff.id, ip };
  const rejected = (errors: string[], warnings: string[]): ImportResponse => ({
    ok: false,
    created: 0,
    updated: 0,
    unchanged: 0,
    summary: null,
    errors,
    warnings,
  });
  switch (kind) {
    case "sites": {
      const result = await importSites(db, text, actor);
      if (!result.ok) return rejected(result.errors, result.warnings);
      const localities =
        result.localitiesCreated > 0
          ? ` (${result.localitiesCreated} ${result.localitiesCreated === 1 ? "locality" : "localities"} created)`
          : "";
      const summary = `${result.created} ${result.created === 1 ? "site" : "sites"} created, ${result.updated} updated, ${result.unchanged} unchanged${localities}`;
      return { ...result, summary, errors: [] };
    }
    case "people": {
      const result = await importPeople(db, text, actor);
      if (!result.ok) return rejected(result.errors, result.warnings);
      return { ...result, summary: summarisePeopleImport(result), errors: [] };
    }
    case "attendances": {
      const result = await importAttendances(db, text, actor);
      if (!result.ok) return rejected(result.errors, result.warnings);
      return { ...result, summary: summariseAttendancesImport(result), errors: [] };
    }
    // The social care caseload (issue 4): `?snapshotDate=YYYY-MM-DD` names the snapshot.
    case "baseline": {
      if (!snapshotDate) {
        return rejected(["Give the date the caseload was exported (the snapshot date)."], []);
      }
      const result = await importBaseline(db, text, snapshotDate, actor);
      if (!result.ok) return rejected(result.errors, result.warnings);
      const summary =
        `Snapshot of ${result.snapshotDate}${result.replaced ? " (replacing the one imported before)" : ""}: ` +
        `${result.children} children; ${result.bySocialCareId + result.automatic} matched, ` +
        `${result.queued} waiting in the review queue, ${result.unmatched} not found`;
      return {
        ok: true,
        created: result.children,
        updated: 0,
        unchanged: 0,
        summary,
        errors: [],
        warnings: result.warnings,
      };
    }
  }
}

export async function importsRoute(app: FastifyInstance, options: { db: Database; auth: Auth }) {
  const { db, auth } = options;
  const staffOf = new WeakMap<FastifyRequest, StaffUser>();

  // Only this plugin reads text/csv, and only up to its own limit.
  app.addContentTypeParser(
    "text/csv",
    { parseAs: "buffer", bodyLimit: IMPORT_BODY_LIMIT },
    (_req, body, done) => done(null, body),
  );

  app.post<{ Params: { kind: string }; Querystring: { snapshotDate?: string } }>(
    "/api/imports/:kind",
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      // Runs before the body is read: who is asking, and may they.
      onRequest: async (req, reply) => {
        const { staff } = await createRequestContext(db, auth, req);
        if (!staff) return refused(reply, 401, "Please sign in again.");
        // The baseline names children on the social care caseload: its own permission.
        const needed = req.params.kind === "baseline" ? "baseline:import" : "import:run";
        if (!can(staff.role, needed)) {
          return refused(
            reply,
            403,
            `Your role cannot do this (it needs ${needed}). Ask an administrator if you should.`,
          );
        }
        staffOf.set(req, staff);
      },
    },
    async (req, reply) => {
      const staff = staffOf.get(req);
      if (!staff) return refused(reply, 401, "Please sign in again.");
      const { kind } = req.params;
      if (!isKind(kind)) {
        return refused(reply, 404, `There is no '${kind}' import: use ${importKinds.join(", ")}.`);
      }
      // An empty upload has no body at all; anything else must have come as text/csv.
      const bytes = req.body === undefined ? Buffer.alloc(0) : req.body;
      if (!Buffer.isBuffer(bytes)) {
        return refused(reply, 415, "Send the file as CSV (Content-Type: text/csv).");
      }
      const decoded = decodeCsvBytes(bytes);
      if (!decoded.ok) return refused(reply, 422, decoded.errors);
      const snapshotDate =
        typeof req.query.snapshotDate === "string" ? req.query.snapshotDate : undefined;
      const result = await runImport(db, kind, decoded.text, staff, req.ip, snapshotDate);
      return reply.code(result.ok ? 200 : 422).send(result);
    },
  );
}
