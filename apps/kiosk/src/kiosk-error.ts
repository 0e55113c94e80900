import type { AppRouter } from "@familyhub/api";
import { isTRPCClientError } from "@trpc/client";

/**
 * What went wrong, in the terms the screens care about:
 * - `unpaired`: the server no longer knows this kiosk; set it up again.
 * - `refused`: the server said no and wrote `message` for the person at the door.
 * - `unreachable`: no answer we could read (offline, server down, a proxy's error page).
 * - `server`: the server failed; its message is for staff, so the kiosk says something calmer.
 */
export type KioskError =
  | { kind: "unpaired" }
  | { kind: "refused"; message: string; status: number }
  | { kind: "unreachable" }
  | { kind: "server" };

export function describeError(error: unknown): KioskError {
  if (!isTRPCClientError<AppRouter>(error)) return { kind: "server" };
  const data = error.data;
  if (!data) return { kind: "unreachable" };
  if (data.code === "UNAUTHORIZED") return { kind: "unpaired" };
  if (data.httpStatus >= 500) return { kind: "server" };
  return { kind: "refused", message: error.message, status: data.httpStatus };
}

export function isTransient(error: unknown): boolean {
  const { kind } = describeError(error);
  return kind === "unreachable" || kind === "server";
}
