// The zod schemas of the targeting and reports procedures. The admin forms check the same things
// (a note for a staff flag, a date range in order) and show the server's words when they differ.
import { isoDate } from "@familyhub/validators";
import { z } from "zod";

const code = z
  .string()
  .trim()
  .regex(
    /^[a-z][a-z0-9_]{1,48}$/,
    "Use 2 to 49 lower-case letters, digits and underscores, starting with a letter (e.g. asylum_seeker)",
  );
const label = z
  .string()
  .trim()
  .min(3, "Give the group a name of at least 3 characters")
  .max(120, "Keep the name to 120 characters or fewer");
const category = z.enum(["family", "parental", "child_young_person"]);

export const familyFlagsInput = z.object({ familyId: z.uuid("That is not a valid id") });

export const recordFlagInput = z.object({
  familyId: z.uuid("That is not a valid id"),
  personId: z.uuid("That is not a valid id").nullable().optional(),
  groupCode: z.string().trim().min(1, "Choose a target group"),
  source: z.enum(["staff", "self_declared"]),
  note: z
    .string()
    .trim()
    .max(2_000, "Keep the note to 2,000 characters or fewer")
    .nullable()
    .optional(),
  startedOn: isoDate.optional(),
  reviewOn: isoDate.nullable().optional(),
});

export const endFlagInput = z.object({
  flagId: z.uuid("That is not a valid id"),
  reason: z.string().trim().min(1, "Say why the flag ends").max(500, "Keep the reason short"),
});

export const setPriorityInput = z.object({
  priority: z.array(z.object({ code: z.string().min(1), isPriority: z.boolean() })).max(500),
});

export const addGroupInput = z.object({
  code,
  label,
  category,
  isPriority: z.boolean(),
});

export const updateGroupInput = z.object({ code, label, active: z.boolean() });

export const reportRangeInput = z
  .object({
    from: isoDate,
    to: isoDate,
    siteId: z.uuid("That is not a valid id").optional(),
    localityId: z.uuid("That is not a valid id").optional(),
  })
  .refine((r) => r.from <= r.to, {
    message: "The start date must be on or before the end date",
    path: ["to"],
  })
  .refine((r) => r.from >= "2000-01-01" && r.to <= "2100-12-31", {
    message: "Choose dates between 2000 and 2100",
    path: ["from"],
  });
