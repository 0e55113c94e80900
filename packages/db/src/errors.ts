/**
 * The one error type of FamilyHub's domain code. Its message is written for the person who will
 * read it and says what to do next; the API translates the code to a tRPC code once, in its
 * error formatter, so no stack trace or SQL reaches a client.
 */
export const appErrorCodes = {
  BAD_INPUT: "BAD_REQUEST",
  NOT_FOUND: "NOT_FOUND",
  FORBIDDEN: "FORBIDDEN",
  UNAUTHORIZED: "UNAUTHORIZED",
  CONFLICT: "CONFLICT",
  CARD_NOT_RECOGNISED: "NOT_FOUND",
  KIOSK_NOT_PAIRED: "UNAUTHORIZED",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
} as const;

export type AppErrorCode = keyof typeof appErrorCodes;

export class AppError extends Error {
  readonly code: AppErrorCode;

  constructor(code: AppErrorCode, message: string) {
    super(message);
    this.name = "AppError";
    this.code = code;
  }
}

export const messages = {
  cardNotRecognised: "This card is not recognised — please ask a member of staff",
  kioskNotPaired: "This kiosk needs to be set up again — please ask a member of staff",
} as const;
