// Prints the demo administrator's current sign-in code, for trying FamilyHub without an
// authenticator app. Demo mode only: the secret is public, like the demo password.
import { totpCode } from "@familyhub/auth";
import { DEMO_TOTP_SECRET } from "./demo-totp";

process.stdout.write(`${await totpCode(DEMO_TOTP_SECRET)}\n`);
