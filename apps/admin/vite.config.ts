import react from "@vitejs/plugin-react";
import { defineConfig, loadEnv } from "vite";

export default defineConfig(({ mode }) => {
  // FAMILYHUB_API_URL points the dev server at another API, e.g. one started on a spare port.
  const api = loadEnv(mode, ".", "FAMILYHUB_").FAMILYHUB_API_URL ?? "http://localhost:3000";
  const proxy = {
    target: api,
    changeOrigin: true,
    // Better Auth only trusts its own origin, so the dev server speaks as that origin.
    headers: { origin: new URL(api).origin },
  };
  return {
    base: "/admin/",
    plugins: [react()],
    server: {
      port: 5173,
      proxy: { "/trpc": proxy, "/api": proxy },
    },
    build: { outDir: "dist", sourcemap: true },
    // The server writes each response's CSP nonce over this (apps/api/src/server.ts).
    html: { cspNonce: "__FAMILYHUB_CSP_NONCE__" },
  };
});
