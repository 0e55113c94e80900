/**
 * A family card's token, as packages/validators' CARD_TOKEN says (card-token.test.ts keeps the
 * two the same). Copied so that the scan screen does not load zod and every shared schema just
 * to look at a code before it asks the server.
 */
export const CARD_TOKEN = /^FH1-[A-Za-z0-9_-]{24}$/;
