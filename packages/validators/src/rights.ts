// Audit search, subject access, erasure and legal holds: the forms of the admin app and the
// procedures of the API read the same schemas.
import { z } from "zod";
import { isoDate } from "./basics";

const fromBeforeTo = {
  check: (f: { from?: string | undefined; to?: string | undefined }) =>
    !f.from || !f.to || f.from <= f.to,
  message: { message: "The 'from' date must be on or before the 'to' date", path: ["to"] },
};

/** The audit search as the form holds it: every field text, empty for "any". */
const auditFilterFields = z.object({
  /** A staff account's id, or an email or name (matched case-insensitively, in part). */
  actor: z.string().trim().max(200, "Use 200 characters or fewer"),
  /** An action, or the start of one: `family.` finds every action on families. */
  action: z.string().trim().max(100, "Use 100 characters or fewer"),
  /** A record's id (a family, kiosk…), exactly. */
  entityId: z.string().trim().max(100, "Use 100 characters or fewer"),
  /** Europe/London dates, both inclusive. */
  from: z.union([z.literal(""), isoDate]),
  to: z.union([z.literal(""), isoDate]),
});
export const auditFilterForm = auditFilterFields.refine(fromBeforeTo.check, fromBeforeTo.message);

/** What the audit log can be searched by; every filter is optional and applied in SQL. */
export const auditFilterInput = auditFilterFields
  .partial()
  .refine(fromBeforeTo.check, fromBeforeTo.message)
  .transform((f) => ({
    actor: f.actor || undefined,
    action: f.action || undefined,
    entityId: f.entityId || undefined,
    from: f.from || undefined,
    to: f.to || undefined,
  }));
export type AuditFilterInput = z.input<typeof auditFilterInput>;
export type AuditFilter = z.output<typeof auditFilterInput>;

export const auditSearchInput = z.object({
  filter: auditFilterInput,
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(10).max(200).default(50),
});

const reason = z
  .string()
  .trim()
  .min(5, "Give the reason in a few words (at least 5 characters)")
  .max(500, "Keep the reason to 500 characters or fewer");

export const familyIdInput = z.object({ familyId: z.uuid("That is not a valid family id") });

/**
 * Erasing a family cannot be undone, so the person types the family's surname to confirm, as
 * shown on its page, and gives the reason (a request from the family, a retention decision).
 */
export const eraseFamilyInput = z.object({
  familyId: z.uuid("That is not a valid family id"),
  confirmSurname: z.string().trim().min(1, "Type the family's surname to confirm"),
  reason,
});
export type EraseFamilyInput = z.input<typeof eraseFamilyInput>;

/** The reason alone, for the form that asks for it (the family comes from the page). */
export const reasonInput = z.object({ reason });

export const placeLegalHoldInput = z.object({
  familyId: z.uuid("That is not a valid family id"),
  reason,
});

export const liftLegalHoldInput = z.object({
  familyId: z.uuid("That is not a valid family id"),
  reason,
});
