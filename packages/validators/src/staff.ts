import { z } from "zod";

/** Better Auth's user ids are random strings, not UUIDs. */
export const staffIdInput = z.object({
  userId: z.string().trim().min(1, "Choose a staff account").max(64, "That is not a staff account"),
});

export const staffSetDisabledInput = staffIdInput.extend({ disabled: z.boolean() });
