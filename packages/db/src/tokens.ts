import { createHash, randomBytes, randomInt } from "node:crypto";

/** SHA-256 of a secret, hex. Only hashes of card tokens, kiosk credentials and pairing codes are stored. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** A family card token: 144 random bits, base64url, with a version prefix the kiosk checks first. */
export function newCardToken(): string {
  return `FH1-${randomBytes(18).toString("base64url")}`;
}

/** A kiosk's device credential: 256 random bits. */
export function newKioskCredential(): string {
  return `FHK1-${randomBytes(32).toString("base64url")}`;
}

// No 0/O, 1/I: the code is read off one screen and typed on another.
const PAIRING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** A pairing code: 8 characters (40 bits), valid for minutes, used once. */
export function newPairingCode(): string {
  let code = "";
  for (let i = 0; i < 8; i++) code += PAIRING_ALPHABET[randomInt(PAIRING_ALPHABET.length)];
  return code;
}
