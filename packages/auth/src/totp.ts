import { base32 } from "@better-auth/utils/base32";
import { createOTP } from "@better-auth/utils/otp";
import { symmetricEncrypt } from "better-auth/crypto";
import type { Auth } from "./index";

/** The six digits an authenticator app shows now for this secret (raw, as Better Auth keeps it). */
export function totpCode(secret: string): Promise<string> {
  return createOTP(secret).totp();
}

/** What a person types into an authenticator app that cannot scan: the secret in Base32. */
export function totpKeyForManualEntry(secret: string): string {
  return base32.encode(new TextEncoder().encode(secret), { padding: false });
}

/**
 * Enrols an account in TOTP with a secret chosen here, as if the person had scanned it and
 * typed a code: used only for the demo logins, whose secret is printed at start like their
 * password. Real staff enrol themselves on the sign-in page.
 */
export async function enrolTotp(auth: Auth, userId: string, secret: string): Promise<void> {
  const ctx = await auth.$context;
  const encryptedSecret = await symmetricEncrypt({ key: ctx.secretConfig, data: secret });
  const backupCodes = await symmetricEncrypt({ key: ctx.secretConfig, data: JSON.stringify([]) });
  const db = ctx.adapter;
  await db.deleteMany({ model: "twoFactor", where: [{ field: "userId", value: userId }] });
  await db.create({
    model: "twoFactor",
    data: { userId, secret: encryptedSecret, backupCodes, verified: true },
  });
  await ctx.internalAdapter.updateUser(userId, { twoFactorEnabled: true });
}

/** The code now for an otpauth:// address, as an authenticator app that scanned it would show. */
export function totpCodeFromUri(totpURI: string): Promise<string> {
  const key = new URL(totpURI).searchParams.get("secret");
  if (!key) throw new Error("The otpauth address has no secret.");
  return createOTP(base32.decode(key)).totp();
}

/** The code now for a Base32 key typed by hand (the "cannot scan?" key of the enrolment page). */
export function totpCodeFromKey(key: string): Promise<string> {
  return createOTP(base32.decode(key.replace(/\s+/g, "").toUpperCase())).totp();
}
