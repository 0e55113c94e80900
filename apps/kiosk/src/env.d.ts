/** The kiosk's version, stamped at build time (see vite.config.ts), sent with its heartbeat. */
declare const __KIOSK_VERSION__: string;
