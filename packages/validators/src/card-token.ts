// Kept apart from the zod schemas so the kiosk's scan screen can check a code before it asks the
// server without loading a schema library (`@familyhub/validators/card-token`).

/** A family card token: `FH1-` and 24 base64url characters (144 random bits). */
export const CARD_TOKEN = /^FH1-[A-Za-z0-9_-]{24}$/;
