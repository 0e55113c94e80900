// What a family tells us when it registers, as the staff form, the kiosk, the phone page and the
// API all check it.
import { z } from "zod";
import { dateOfBirth, isoDate, PRIVACY_NOTICE_VERSION, postcode } from "./basics";

/** The CIN census ethnicity codes, with the plain labels staff and families see. */
export const ethnicities = [
  ["WBRI", "White British"],
  ["WIRI", "White Irish"],
  ["WIRT", "Traveller of Irish heritage"],
  ["WROM", "Gypsy / Roma"],
  ["WOTH", "Any other White background"],
  ["MWBC", "White and Black Caribbean"],
  ["MWBA", "White and Black African"],
  ["MWAS", "White and Asian"],
  ["MOTH", "Any other mixed background"],
  ["AIND", "Indian"],
  ["APKN", "Pakistani"],
  ["ABAN", "Bangladeshi"],
  ["AOTH", "Any other Asian background"],
  ["BCRB", "Black Caribbean"],
  ["BAFR", "Black African"],
  ["BOTH", "Any other Black background"],
  ["CHNE", "Chinese"],
  ["OOTH", "Any other ethnic group"],
  ["REFU", "Prefers not to say"],
  ["NOBT", "Not yet obtained"],
] as const;
export type EthnicityCode = (typeof ethnicities)[number][0];
export const ethnicityCodes = ethnicities.map(([code]) => code) as [
  EthnicityCode,
  ...EthnicityCode[],
];

export const adultRelationships = [
  "mother",
  "father",
  "step_parent",
  "grandparent",
  "foster_carer",
  "kinship_carer",
  "other_carer",
] as const;
export const childRelationships = [
  "child",
  "stepchild",
  "grandchild",
  "foster_child",
  "other_child",
] as const;
export const relationships = [...adultRelationships, ...childRelationships] as const;

export const howHeardOptions = [
  "health_visitor",
  "midwife",
  "friend_or_family",
  "school",
  "social_worker",
  "poster_or_leaflet",
  "social_media",
  "website",
  "walked_past",
  "other",
] as const;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Must be ${max} characters or fewer`)
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .optional();

const name = (label: string) =>
  z
    .string()
    .trim()
    .min(1, `${label} is required`)
    .max(80, `${label} must be 80 characters or fewer`);

/** A due date: from today to about ten months ahead. */
export const expectedDueDate = isoDate.refine(
  (value) => {
    const today = new Date().toISOString().slice(0, 10);
    const limit = new Date(Date.now() + 300 * 86_400_000).toISOString().slice(0, 10);
    return value >= today && value <= limit;
  },
  { message: "An expected due date must be between today and ten months ahead" },
);

const memberFields = z.object({
  firstName: name("First name"),
  lastName: name("Last name"),
  role: z.enum(["child", "adult"]),
  dateOfBirth: dateOfBirth.nullable().optional(),
  expectedDueDate: expectedDueDate.nullable().optional(),
  sex: z.enum(["female", "male", "unknown"]).nullable().optional(),
  ethnicity: z.enum(ethnicityCodes, "Choose an ethnicity from the list").nullable().optional(),
  firstLanguage: optionalText(60),
  relationship: z.enum(relationships, "Choose a relationship from the list").nullable().optional(),
  disability: z.boolean().default(false),
  sen: z.enum(["sen_support", "ehc_plan"]).nullable().optional(),
});

function memberRules(
  member: {
    role: string;
    dateOfBirth?: string | null | undefined;
    expectedDueDate?: string | null | undefined;
  },
  ctx: z.RefinementCtx,
) {
  const unborn = member.role === "child" && !member.dateOfBirth && member.expectedDueDate;
  if (!member.dateOfBirth && !unborn) {
    ctx.addIssue({
      code: "custom",
      path: ["dateOfBirth"],
      message:
        member.role === "child"
          ? "Enter the date of birth, or an expected due date for a baby not yet born"
          : "Enter the date of birth",
    });
  }
  if (member.dateOfBirth && member.expectedDueDate) {
    ctx.addIssue({
      code: "custom",
      path: ["expectedDueDate"],
      message: "A child has a date of birth or an expected due date, not both",
    });
  }
}

/**
 * One member of a family. A child not yet born has an expected due date instead of a date of
 * birth; everyone else has a date of birth.
 */
export const fullMemberInput = memberFields.superRefine(memberRules);
export type FullMemberInput = z.input<typeof fullMemberInput>;

export const contactInput = z.object({
  addressLine1: optionalText(120),
  addressLine2: optionalText(120),
  town: optionalText(60),
  phone: z
    .string()
    .trim()
    .transform((v) => v.replace(/[\s()-]/g, ""))
    .pipe(z.string().regex(/^(\+44|0)\d{9,10}$|^$/, "Enter a UK phone number, e.g. 07700 900123"))
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .optional(),
  email: z
    .union([z.literal(""), z.email("Enter an email address like name@example.com")])
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .optional(),
});

export const consentsInput = z.object({
  privacyNotice: z.object({
    version: z.string().min(1).max(40).default(PRIVACY_NOTICE_VERSION),
    accepted: z.literal(true, "The family must agree to the privacy notice"),
  }),
  dataSharing: z.boolean().default(false),
  photographs: z.boolean().default(false),
});

/** Checks that apply to a family as a whole: an adult, and no parent younger than their child. */
function familyRules(
  family: {
    members: { role: string; dateOfBirth?: string | null; relationship?: string | null }[];
  },
  ctx: z.RefinementCtx,
) {
  if (!family.members.some((m) => m.role === "adult")) {
    ctx.addIssue({ code: "custom", path: ["members"], message: "Add at least one adult" });
  }
  const parents = family.members.filter(
    (m) =>
      m.role === "adult" &&
      m.dateOfBirth &&
      (m.relationship === "mother" || m.relationship === "father"),
  );
  family.members.forEach((child, index) => {
    if (child.role !== "child" || !child.dateOfBirth) return;
    const childBorn = child.dateOfBirth;
    for (const parent of parents) {
      if (parent.dateOfBirth && parent.dateOfBirth >= childBorn) {
        ctx.addIssue({
          code: "custom",
          path: ["members", index, "dateOfBirth"],
          message: "A parent cannot be younger than their child: check the dates of birth",
        });
      }
    }
  });
}

/** Registration by staff, with everything a centre records. */
export const familyRegistrationInput = z
  .object({
    siteId: z.uuid("Choose the centre the family is registering at"),
    postcode,
    ...contactInput.shape,
    howHeard: z.enum(howHeardOptions).nullable().optional(),
    members: z
      .array(fullMemberInput)
      .min(1, "Add at least one family member")
      .max(15, "A family can have at most 15 members"),
    consents: consentsInput,
    /** Set when staff have seen the possible duplicates and still want a new family. */
    duplicatesReviewed: z.boolean().default(false),
  })
  .superRefine(familyRules);
export type FamilyRegistrationInput = z.input<typeof familyRegistrationInput>;

/**
 * What a family may tell us about itself at the kiosk or on its phone: names, dates of birth,
 * postcode, contact and consent. Staff complete the rest when they verify it.
 */
export const selfRegistrationInput = z
  .object({
    postcode,
    phone: contactInput.shape.phone,
    email: contactInput.shape.email,
    members: z
      .array(
        z.object({
          firstName: name("First name"),
          lastName: name("Last name"),
          role: z.enum(["child", "adult"]),
          dateOfBirth: dateOfBirth.nullable().optional(),
          expectedDueDate: expectedDueDate.nullable().optional(),
        }),
      )
      .min(1, "Add at least one person")
      .max(10, "Add at most ten people; staff can add more"),
    consents: consentsInput,
  })
  .superRefine(familyRules);
export type SelfRegistrationInput = z.input<typeof selfRegistrationInput>;

export type FamilyRegistration = z.output<typeof familyRegistrationInput>;

/**
 * A family's details as staff edit them: a member with an id is changed, one without is added,
 * and one left out is removed (the server refuses that for anyone who has attended a session).
 */
export const familyUpdateInput = z
  .object({
    id: z.uuid("That is not a valid id"),
    siteId: z.uuid("Choose the centre the family is registered at"),
    postcode,
    ...contactInput.shape,
    howHeard: z.enum(howHeardOptions).nullable().optional(),
    members: z
      .array(memberFields.extend({ id: z.uuid().nullable().optional() }).superRefine(memberRules))
      .min(1, "A family needs at least one member")
      .max(15, "A family can have at most 15 members"),
    consents: z.object({
      dataSharing: z.boolean().default(false),
      photographs: z.boolean().default(false),
    }),
  })
  .superRefine(familyRules);
export type FamilyUpdateInput = z.input<typeof familyUpdateInput>;
export type FamilyUpdate = z.output<typeof familyUpdateInput>;

/** What the duplicate check needs of a family being registered: postcode, names, dates of birth. */
export const duplicateCheckInput = z.object({
  postcode,
  members: z
    .array(
      z.object({
        firstName: name("First name"),
        lastName: name("Last name"),
        dateOfBirth: isoDate.nullable().optional(),
      }),
    )
    .min(1, "Add at least one family member")
    .max(15, "A family can have at most 15 members"),
  /** The family being edited, so it is not offered as a duplicate of itself. */
  excludeFamilyId: z.uuid().optional(),
});
export type DuplicateCheckInput = z.input<typeof duplicateCheckInput>;

/** Two records of the same family: the one to keep, and the one folded into it. */
export const familyMergeInput = z
  .object({
    keepFamilyId: z.uuid("Choose the family to keep"),
    mergeFamilyId: z.uuid("Choose the family to merge"),
  })
  .refine((v) => v.keepFamilyId !== v.mergeFamilyId, {
    path: ["keepFamilyId"],
    message: "A family cannot be merged into itself: choose the other record",
  });
