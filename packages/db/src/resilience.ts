// A PostgreSQL server that restarts (an upgrade, a failover, a crash) cuts every connection. A
// request in flight fails and the client retries; what must not happen is the whole API going
// down with it. postgres.js 3.4.9 can leave the error of a query on a cut connection with nobody
// to receive it (the transaction it belonged to already failed another way), and Node ends the
// process on an unhandled rejection. This keeps the process up for exactly those errors, logging
// them, and lets every other unhandled rejection end the process as before. The fault tests
// (apps/api/fault) restart the server during a burst of check-ins to prove it.

/** Errors of a connection the server cut or that could not be made; nothing else. */
const CONNECTION_ERRORS = new Set([
  // PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now.
  "57P01",
  "57P02",
  "57P03",
  // postgres.js and Node.
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
]);

export function isConnectionFault(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    "code" in error &&
    typeof error.code === "string" &&
    CONNECTION_ERRORS.has(error.code)
  );
}

/** Installs the handler once per process; `log` receives one line per ignored error. */
export function surviveDatabaseRestarts(log: (line: string) => void): void {
  process.on("unhandledRejection", (reason) => {
    if (isConnectionFault(reason)) {
      const code = typeof reason === "object" && reason && "code" in reason ? reason.code : "";
      log(`A database connection was cut (${String(code)}); the API carries on.`);
      return;
    }
    // As Node does without a handler: an unexpected rejection ends the process.
    throw reason;
  });
}
