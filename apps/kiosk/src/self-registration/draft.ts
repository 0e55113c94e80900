// What a family has typed so far, one step at a time, and how each step is checked. The rules
// are the shared schema's (`selfRegistrationInput`, the one the API takes); the words are ours,
// from en.json, so the kiosk can speak another language.
import { PRIVACY_NOTICE_VERSION, parseDate, selfRegistrationInput } from "@familyhub/validators";
import type { z } from "zod";

export type Registration = z.output<typeof selfRegistrationInput>;

export const MAX_PEOPLE = 10;

export type PersonKind = "adult" | "child" | "unborn";

export type DraftPerson = {
  key: number;
  kind: PersonKind;
  firstName: string;
  lastName: string;
  /** A date of birth, or an expected due date for a baby on the way, as typed. */
  day: string;
  month: string;
  year: string;
};

export type Draft = {
  people: DraftPerson[];
  postcode: string;
  phone: string;
  email: string;
  privacyAccepted: boolean;
  dataSharing: boolean;
  photographs: boolean;
};

let nextKey = 1;

export function newPerson(kind: PersonKind, lastName = ""): DraftPerson {
  return { key: nextKey++, kind, firstName: "", lastName, day: "", month: "", year: "" };
}

export function emptyDraft(): Draft {
  return {
    people: [newPerson("adult")],
    postcode: "",
    phone: "",
    email: "",
    privacyAccepted: false,
    dataSharing: false,
    photographs: false,
  };
}

/** Keys of en.json's `register.errors`: a step's problems, field by field. */
export type ErrorKey =
  | "firstName"
  | "lastName"
  | "date"
  | "notADate"
  | "birthInFuture"
  | "dueDate"
  | "postcode"
  | "phone"
  | "email"
  | "privacy"
  | "adult";

export type StepErrors = Partial<Record<string, ErrorKey>>;

const memberShape = selfRegistrationInput.shape.members.element.shape;
const shape = selfRegistrationInput.shape;

function typedDate(person: DraftPerson): string {
  const [d, m, y] = [person.day.trim(), person.month.trim(), person.year.trim()];
  if (!d && !m && !y) return "";
  return `${y.padStart(4, "0")}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
}

export function isBlank(person: DraftPerson): boolean {
  return !person.firstName.trim() && !person.lastName.trim() && !typedDate(person);
}

export function checkPerson(person: DraftPerson): StepErrors {
  const errors: StepErrors = {};
  if (!memberShape.firstName.safeParse(person.firstName).success) errors.firstName = "firstName";
  if (!memberShape.lastName.safeParse(person.lastName).success) errors.lastName = "lastName";
  const date = typedDate(person);
  if (!date) errors.date = "date";
  else if (!parseDate(date)) errors.date = "notADate";
  else if (person.kind === "unborn") {
    if (!memberShape.expectedDueDate.safeParse(date).success) errors.date = "dueDate";
  } else if (!memberShape.dateOfBirth.safeParse(date).success) errors.date = "birthInFuture";
  return errors;
}

export function checkPostcode(draft: Draft): StepErrors {
  return shape.postcode.safeParse(draft.postcode).success ? {} : { postcode: "postcode" };
}

export function checkContact(draft: Draft): StepErrors {
  const errors: StepErrors = {};
  if (!shape.phone.safeParse(draft.phone).success) errors.phone = "phone";
  if (!shape.email.safeParse(draft.email.trim()).success) errors.email = "email";
  return errors;
}

export function checkPrivacy(draft: Draft): StepErrors {
  return draft.privacyAccepted ? {} : { privacy: "privacy" };
}

/** The draft in the shape of the shared schema, before it is checked. */
function toInput(draft: Draft) {
  return {
    postcode: draft.postcode,
    phone: draft.phone,
    email: draft.email.trim(),
    members: draft.people.map((person) => {
      const date = typedDate(person);
      return {
        firstName: person.firstName,
        lastName: person.lastName,
        role: person.kind === "adult" ? ("adult" as const) : ("child" as const),
        dateOfBirth: person.kind === "unborn" ? null : date,
        expectedDueDate: person.kind === "unborn" ? date : null,
      };
    }),
    consents: {
      privacyNotice: { version: PRIVACY_NOTICE_VERSION, accepted: draft.privacyAccepted },
      dataSharing: draft.dataSharing,
      photographs: draft.photographs,
    },
  };
}

/** The whole registration checked as the server will check it; null if anything is wrong. */
export function checkAll(draft: Draft): Registration | null {
  const parsed = selfRegistrationInput.safeParse(toInput(draft));
  return parsed.success ? parsed.data : null;
}

/** A typed date for reading back, e.g. "27/03/2019". */
export function shownDate(person: DraftPerson): string {
  const parsed = parseDate(typedDate(person));
  if (!parsed) return "";
  const [y, m, d] = parsed.split("-");
  return `${d}/${m}/${y}`;
}
