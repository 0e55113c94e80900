// Who may call what, written out so a reviewer reads it in one place. The access matrix test
// (access-matrix.integration.test.ts) calls every procedure of the app router as each caller below
// and asserts the allow or deny of this table; it also checks each row against the permission it
// names in permissions.ts, and fails when a procedure has no row or a row has no procedure.
import type { Permission, StaffRole } from "./permissions";

/**
 * The callers of the matrix, in the order of the columns below. Staff are signed in with a
 * verified second factor; `locality_lead` and `centre_staff` belong to the locality of the rows
 * the sample inputs name. `kiosk` is paired at the site of those rows, `otherKiosk` at a site of
 * another locality.
 */
export const accessCallers = [
  "signedOut",
  "administrator",
  "manager",
  "data_officer",
  "locality_lead",
  "centre_staff",
  "viewer",
  "kiosk",
  "otherKiosk",
] as const satisfies readonly ("signedOut" | StaffRole | "kiosk" | "otherKiosk")[];
export type AccessCaller = (typeof accessCallers)[number];

/** The tier a procedure is built on: anyone, a paired kiosk, or staff with every permission listed. */
export type AccessNeeds = "public" | "kiosk" | readonly Permission[];

export type AccessRow = {
  needs: AccessNeeds;
  allow: readonly AccessCaller[];
  /** What a kiosk of another site is told where it is refused (kiosk rows only). */
  otherSite?: "NOT_FOUND" | "FORBIDDEN";
};

/** `marks` has one mark per column of `accessCallers`: Y allowed, . refused. */
function row(
  needs: AccessNeeds | Permission,
  marks: string,
  otherSite?: "NOT_FOUND" | "FORBIDDEN",
): AccessRow {
  const cells = marks.trim().split(/\s+/);
  if (cells.length !== accessCallers.length || cells.some((c) => c !== "Y" && c !== ".")) {
    throw new Error(`An access row needs ${accessCallers.length} marks of Y or .: '${marks}'`);
  }
  return {
    needs: typeof needs === "string" && needs !== "public" && needs !== "kiosk" ? [needs] : needs,
    allow: accessCallers.filter((_, i) => cells[i] === "Y"),
    ...(otherSite ? { otherSite } : {}),
  };
}

/**
 * A kiosk of another site is refused (NOT_FOUND: a session or card of a site not its own reads
 * as one that does not exist) wherever the call names a row of the first kiosk's site; what it asks
 * about itself (whoami, today, heartbeat) or sends to its own site (selfRegister) it may. The
 * calls that carry a member of staff's PIN are refused as a wrong PIN (FORBIDDEN): a PIN of staff
 * of another locality is no PIN at that door, and the answer must not say it exists elsewhere.
 */
// prettier-ignore
export const accessMatrix: Record<string, AccessRow> = {
  //                                                             out adm mgr dat lea cen vwr ksk oth
  "auth.me":                       row("public",                "Y   Y   Y   Y   Y   Y   Y   Y   Y"),
  "auth.signInState":              row("public",                "Y   Y   Y   Y   Y   Y   Y   Y   Y"),
  "sites.list":                    row("site:read",             ".   Y   Y   Y   Y   Y   Y   .   ."),

  "families.create":               row("family:write",          ".   Y   .   .   Y   Y   .   .   ."),
  "families.update":               row("family:write",          ".   Y   .   .   Y   Y   .   .   ."),
  "families.findDuplicates":       row("family:write",          ".   Y   .   .   Y   Y   .   .   ."),
  "families.mergePreview":         row("family:merge",          ".   Y   .   .   Y   .   .   .   ."),
  "families.merge":                row("family:merge",          ".   Y   .   .   Y   .   .   .   ."),
  "families.search":               row("family:read",           ".   Y   .   .   Y   Y   .   .   ."),
  "families.get":                  row("family:read",           ".   Y   .   .   Y   Y   .   .   ."),
  "families.counts":               row("family:read",           ".   Y   .   .   Y   Y   .   .   ."),
  "families.issueCard":            row("card:write",            ".   Y   .   .   Y   Y   .   .   ."),
  "families.revokeCard":           row("card:write",            ".   Y   .   .   Y   Y   .   .   ."),

  "sessions.forDay":               row("session:read",          ".   Y   Y   Y   Y   Y   Y   .   ."),
  "sessions.register":             row("register:read",         ".   Y   .   .   Y   Y   .   .   ."),
  "sessions.get":                  row("session:read",          ".   Y   Y   Y   Y   Y   Y   .   ."),
  "sessions.createSeries":         row("programme:write",       ".   Y   .   .   Y   Y   .   .   ."),
  "sessions.previewSeries":        row("session:read",          ".   Y   Y   Y   Y   Y   Y   .   ."),
  "sessions.update":               row("programme:write",       ".   Y   .   .   Y   Y   .   .   ."),
  "sessions.cancel":               row("programme:write",       ".   Y   .   .   Y   Y   .   .   ."),
  "sessions.markAttendance":       row("register:write",        ".   Y   .   .   Y   Y   .   .   ."),
  "sessions.removeAttendance":     row("register:write",        ".   Y   .   .   Y   Y   .   .   ."),
  "sessions.setHeadcounts":        row("register:write",        ".   Y   .   .   Y   Y   .   .   ."),
  "sessions.completion":           row("register:read",         ".   Y   .   .   Y   Y   .   .   ."),

  "programmes.list":               row("session:read",          ".   Y   Y   Y   Y   Y   Y   .   ."),
  "programmes.create":             row("programme:write",       ".   Y   .   .   Y   Y   .   .   ."),
  "programmes.update":             row("programme:write",       ".   Y   .   .   Y   Y   .   .   ."),
  "programmes.terms":              row("session:read",          ".   Y   Y   Y   Y   Y   Y   .   ."),
  "programmes.createTerm":         row("programme:write",       ".   Y   .   .   Y   Y   .   .   ."),
  "programmes.closureDays":        row("session:read",          ".   Y   Y   Y   Y   Y   Y   .   ."),
  "programmes.addClosureDay":      row("programme:write",       ".   Y   .   .   Y   Y   .   .   ."),

  "bookings.book":                 row("booking:write",         ".   Y   .   .   Y   Y   .   .   ."),
  "bookings.bookCourse":           row("booking:write",         ".   Y   .   .   Y   Y   .   .   ."),
  "bookings.cancel":               row("booking:write",         ".   Y   .   .   Y   Y   .   .   ."),
  "bookings.releaseHeld":          row("booking:write",         ".   Y   .   .   Y   Y   .   .   ."),

  "planner.grid":                  row("session:read",          ".   Y   Y   Y   Y   Y   Y   .   ."),
  "planner.duplicates":            row("session:read",          ".   Y   Y   Y   Y   Y   Y   .   ."),
  "planner.gaps":                  row("report:read",           ".   Y   Y   Y   Y   Y   .   .   ."),
  "planner.copyTerm":              row("programme:write",       ".   Y   .   .   Y   Y   .   .   ."),
  "planner.targetedPerformance":   row("report:read",           ".   Y   Y   Y   Y   Y   .   .   ."),
  "planner.centrePerformance":     row("report:read",           ".   Y   Y   Y   Y   Y   .   .   ."),

  "kiosks.list":                   row("kiosk:manage",          ".   Y   .   .   .   .   .   .   ."),
  "kiosks.create":                 row("kiosk:manage",          ".   Y   .   .   .   .   .   .   ."),
  "kiosks.renewPairingCode":       row("kiosk:manage",          ".   Y   .   .   .   .   .   .   ."),
  "kiosks.revoke":                 row("kiosk:manage",          ".   Y   .   .   .   .   .   .   ."),
  "kiosks.myPin":                  row("register:write",        ".   Y   .   .   Y   Y   .   .   ."),
  "kiosks.setMyPin":               row("register:write",        ".   Y   .   .   Y   Y   .   .   ."),
  "kiosks.confirmAttendance":      row("register:write",        ".   Y   .   .   Y   Y   .   .   ."),

  "kiosk.pair":                    row("public",                "Y   Y   Y   Y   Y   Y   Y   Y   Y"),
  "kiosk.whoami":                  row("kiosk",                 ".   .   .   .   .   .   .   Y   Y"),
  "kiosk.today":                   row("kiosk",                 ".   .   .   .   .   .   .   Y   Y"),
  "kiosk.lookup":                  row("kiosk",                 ".   .   .   .   .   .   .   Y   ."),
  "kiosk.checkIn":                 row("kiosk",                 ".   .   .   .   .   .   .   Y   ."),
  "kiosk.checkInFamily":           row("kiosk",                 ".   .   .   .   .   .   .   Y   ."),
  "kiosk.heartbeat":               row("kiosk",                 ".   .   .   .   .   .   .   Y   Y"),
  "kiosk.verifyPin":               row("kiosk",                 ".   .   .   .   .   .   .   Y   .", "FORBIDDEN"),
  "kiosk.search":                  row("kiosk",                 ".   .   .   .   .   .   .   Y   .", "FORBIDDEN"),
  "kiosk.assistedLookup":          row("kiosk",                 ".   .   .   .   .   .   .   Y   .", "FORBIDDEN"),
  "kiosk.assistedCheckIn":         row("kiosk",                 ".   .   .   .   .   .   .   Y   .", "FORBIDDEN"),
  "kiosk.selfRegister":            row("kiosk",                 ".   .   .   .   .   .   .   Y   Y"),

  "selfRegistration.site":         row("public",                "Y   Y   Y   Y   Y   Y   Y   Y   Y"),
  "selfRegistration.submit":       row("public",                "Y   Y   Y   Y   Y   Y   Y   Y   Y"),
  "selfRegistration.pending":      row("family:write",          ".   Y   .   .   Y   Y   .   .   ."),
  "selfRegistration.pendingCount": row("family:write",          ".   Y   .   .   Y   Y   .   .   ."),
  "selfRegistration.get":          row("family:write",          ".   Y   .   .   Y   Y   .   .   ."),
  "selfRegistration.accept":       row("family:write",          ".   Y   .   .   Y   Y   .   .   ."),
  "selfRegistration.reject":       row("family:write",          ".   Y   .   .   Y   Y   .   .   ."),
  "selfRegistration.poster":       row("kiosk:manage",          ".   Y   .   .   .   .   .   .   ."),

  "targeting.groups":              row("flag:read",             ".   Y   .   .   Y   Y   .   .   ."),
  "targeting.catalogue":           row("targeting:configure",   ".   Y   .   .   .   .   .   .   ."),
  "targeting.setPriority":         row("targeting:configure",   ".   Y   .   .   .   .   .   .   ."),
  "targeting.addGroup":            row("targeting:configure",   ".   Y   .   .   .   .   .   .   ."),
  "targeting.updateGroup":         row("targeting:configure",   ".   Y   .   .   .   .   .   .   ."),
  "targeting.familyFlags":         row("flag:read",             ".   Y   .   .   Y   Y   .   .   ."),
  "targeting.recordFlag":          row("flag:write",            ".   Y   .   .   Y   Y   .   .   ."),
  "targeting.endFlag":             row("flag:write",            ".   Y   .   .   Y   Y   .   .   ."),

  "reports.filters":               row("report:read",           ".   Y   Y   Y   Y   Y   .   .   ."),
  "reports.priorityShare":         row("report:read",           ".   Y   Y   Y   Y   Y   .   .   ."),
  "reports.registrations":         row("report:read",           ".   Y   Y   Y   Y   Y   .   .   ."),
  "reports.reachByAgeBand":        row("report:read",           ".   Y   Y   Y   Y   Y   .   .   ."),

  "reach.snapshots":               row("report:read",           ".   Y   Y   Y   Y   Y   .   .   ."),
  "reach.report":                  row("report:read",           ".   Y   Y   Y   Y   Y   .   .   ."),
  "reach.reportCsv":               row("report:read",           ".   Y   Y   Y   Y   Y   .   .   ."),
  "reach.trend":                   row("report:read",           ".   Y   Y   Y   Y   Y   .   .   ."),
  "reach.change":                  row("report:read",           ".   Y   Y   Y   Y   Y   .   .   ."),
  "reach.table":                   row("report:read",           ".   Y   Y   Y   Y   Y   .   .   ."),
  "reach.tableCsv":                row("report:read",           ".   Y   Y   Y   Y   Y   .   .   ."),
  "reach.scorecard":               row("report:read",           ".   Y   Y   Y   Y   Y   .   .   ."),
  "reach.scorecardCsv":            row("report:read",           ".   Y   Y   Y   Y   Y   .   .   ."),
  "reach.reviewQueue":             row(["match:review", "socialcare:read"], ".   Y   .   Y   .   .   .   .   ."),
  "reach.confirmMatch":            row(["match:review", "socialcare:read"], ".   Y   .   Y   .   .   .   .   ."),
  "reach.rejectMatch":             row(["match:review", "socialcare:read"], ".   Y   .   Y   .   .   .   .   ."),
  "reach.unreached":               row("socialcare:read",       ".   Y   .   Y   .   .   .   .   ."),
  "reach.purge":                   row("baseline:import",       ".   Y   .   Y   .   .   .   .   ."),

  "staff.list":                    row("staff:manage",          ".   Y   .   .   .   .   .   .   ."),
  "staff.setDisabled":             row("staff:manage",          ".   Y   .   .   .   .   .   .   ."),
  "staff.resetTwoFactor":          row("staff:manage",          ".   Y   .   .   .   .   .   .   ."),

  "audit.search":                  row("audit:read",            ".   Y   .   .   .   .   .   .   ."),
  "audit.exportCsv":               row("audit:read",            ".   Y   .   .   .   .   .   .   ."),

  "rights.subjectAccess":          row("subject_access:export", ".   Y   .   Y   .   .   .   .   ."),
  "rights.erase":                  row("family:erase",          ".   Y   .   .   .   .   .   .   ."),
  "rights.legalHold":              row("family:erase",          ".   Y   .   .   .   .   .   .   ."),
  "rights.placeLegalHold":         row("family:erase",          ".   Y   .   .   .   .   .   .   ."),
  "rights.liftLegalHold":          row("family:erase",          ".   Y   .   .   .   .   .   .   ."),
};
