// The zod schemas shared by the forms of the apps and the `.input()` of the API, so a form and
// the server agree on what is valid and say it in the same words.
import { z } from "zod";

/** The privacy notice families are shown when they register; bump when it changes. */
export const PRIVACY_NOTICE_VERSION = "2026-09";

const POSTCODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$/;

/** Normalises a UK postcode written in any case and spacing to `AB1 2CD`, or returns null. */
export function normalisePostcode(raw: string): string | null {
  const compact = raw.toUpperCase().replace(/\s+/g, "");
  const match = POSTCODE.exec(compact);
  if (!match) return null;
  return `${match[1]} ${match[2]}`;
}

export const postcode = z
  .string()
  .trim()
  .min(1, "Enter a postcode")
  .transform((value, ctx) => {
    const normal = normalisePostcode(value);
    if (!normal) {
      ctx.addIssue({ code: "custom", message: `'${value}' is not a UK postcode (e.g. UB8 1UW)` });
      return z.NEVER;
    }
    return normal;
  });

/** Reads `YYYY-MM-DD` or `DD/MM/YYYY` (social care returns use the second) to `YYYY-MM-DD`. */
export function parseDate(raw: string): string | null {
  const value = raw.trim();
  let y: number;
  let m: number;
  let d: number;
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else {
    match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
    if (!match) return null;
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return null;
  }
  return date.toISOString().slice(0, 10);
}

export const isoDate = z
  .string()
  .trim()
  .min(1, "Enter a date")
  .transform((value, ctx) => {
    const parsed = parseDate(value);
    if (!parsed) {
      ctx.addIssue({ code: "custom", message: `'${value}' is not a date (use YYYY-MM-DD)` });
      return z.NEVER;
    }
    return parsed;
  });

export const dateOfBirth = isoDate.refine(
  (value) => value <= new Date().toISOString().slice(0, 10) && value >= "1900-01-01",
  { message: "Date of birth must be in the past" },
);

const name = (label: string) =>
  z
    .string()
    .trim()
    .min(1, `${label} is required`)
    .max(80, `${label} must be 80 characters or fewer`);

export const personRole = z.enum(["child", "adult"]);

export const memberInput = z.object({
  firstName: name("First name"),
  lastName: name("Last name"),
  dateOfBirth,
  role: personRole,
});

export const familyCreateInput = z.object({
  siteId: z.uuid("Choose the centre the family is registering at"),
  postcode,
  members: z
    .array(memberInput)
    .min(1, "Add at least one family member")
    .max(15, "A family can have at most 15 members")
    .refine((members) => members.some((m) => m.role === "adult"), {
      message: "Add at least one adult",
    }),
  privacyNotice: z.object({
    version: z.string().min(1).max(40),
    accepted: z.literal(true, "The family must agree to the privacy notice"),
  }),
});
export type FamilyCreateInput = z.input<typeof familyCreateInput>;

export const idInput = z.object({ id: z.uuid("That is not a valid id") });

export const familySearchInput = z.object({
  query: z.string().trim().max(100).default(""),
  limit: z.number().int().min(1).max(100).default(25),
});

export { CARD_TOKEN } from "./card-token";

/** Whatever a scanner or a person typed: checked for shape later, so any text is accepted. */
export const cardCode = z.string().max(500, "That code is too long");

export const kioskCreateInput = z.object({
  siteId: z.uuid("Choose the site the kiosk is at"),
  name: z.string().trim().min(1, "Give the kiosk a name").max(60),
});

export const pairingCode = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase().replace(/[\s-]/g, ""))
  .pipe(z.string().regex(/^[A-HJ-NP-Z2-9]{8}$/, "A pairing code is 8 letters and numbers"));

export const kioskPairInput = z.object({ code: pairingCode });

export const kioskLookupInput = z.object({
  sessionId: z.uuid("Choose a session"),
  cardCode,
});

export const kioskCheckInInput = z.object({
  checkInId: z.uuid("The check-in id must be a UUID"),
  sessionId: z.uuid("Choose a session"),
  cardCode,
  personIds: z.array(z.uuid()).min(1, "Tick at least one person").max(20),
});

export const sessionsForDayInput = z.object({
  siteId: z.uuid().optional(),
  date: isoDate.optional(),
});
