// Imported first by main.tsx, so it runs before any other module's top-level code.
//
// The server's Content-Security-Policy allows <style> elements only with this page's nonce,
// which it writes into the meta tag Vite adds (html.cspNonce). Mantine puts it on its own
// elements (MantineProvider getStyleNonce); its modals' scroll lock (react-remove-scroll)
// reads it from get-nonce.
import { setNonce } from "get-nonce";
import { z } from "zod";

export const cspNonce =
  document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce ?? "";
setNonce(cspNonce);

// No eval, so the CSP needs no 'unsafe-eval': zod would otherwise probe `new Function` once.
z.config({ jitless: true });
