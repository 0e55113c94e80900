import type { Database, KioskIdentity } from "@familyhub/db";
import { appRouter } from "./root";
import { createCallerFactory, createContextInner, type StaffUser } from "./trpc";

const createCaller = createCallerFactory(appRouter);

export function callerAs(db: Database, who: { staff?: StaffUser; kiosk?: KioskIdentity } = {}) {
  return createCaller(
    createContextInner({ db, staff: who.staff ?? null, kiosk: who.kiosk ?? null, ip: "127.0.0.1" }),
  );
}

/** Runs `promise` and returns the tRPC error code and message it failed with. */
export async function failure(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error && typeof error === "object" && "code" in error && "message" in error) {
      return { code: String(error.code), message: String(error.message) };
    }
    throw error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}
