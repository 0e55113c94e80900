import { TRPCClientError } from "@trpc/client";

export type Issue = { path: string; message: string };

export type ReadableError = {
  message: string;
  code: string | null;
  issues: Issue[];
};

const OFFLINE_MESSAGE =
  "FamilyHub could not be reached. Check the connection and try again; nothing you typed has been lost.";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function readIssues(data: unknown): Issue[] {
  if (!isRecord(data) || !Array.isArray(data.issues)) return [];
  return data.issues.flatMap((issue: unknown) =>
    isRecord(issue) && typeof issue.message === "string"
      ? [{ path: typeof issue.path === "string" ? issue.path : "", message: issue.message }]
      : [],
  );
}

/** What a member of staff should read for a failed call; the server's messages already say what to do. */
export function readError(error: unknown): ReadableError {
  if (error instanceof TRPCClientError) {
    const data: unknown = error.data;
    const code = isRecord(data) && typeof data.code === "string" ? data.code : null;
    // No code means the request never got an answer from the API (offline, proxy down).
    if (!code) return { message: OFFLINE_MESSAGE, code: null, issues: [] };
    return { message: error.message, code, issues: readIssues(data) };
  }
  if (error instanceof TypeError) return { message: OFFLINE_MESSAGE, code: null, issues: [] };
  if (error instanceof Error && error.message) {
    return { message: error.message, code: null, issues: [] };
  }
  return { message: "Something went wrong. Please try again.", code: null, issues: [] };
}

export function errorCode(error: unknown): string | null {
  return readError(error).code;
}
