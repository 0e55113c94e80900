import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { VitePWA } from "vite-plugin-pwa";

const ZXING_READER_WASM = "zxing-wasm/reader/zxing_reader.wasm";

/**
 * barcode-detector inlines zxing-wasm's JavaScript but fetches the matching .wasm from a CDN,
 * and the kiosk has no internet. zxing-wasm is barcode-detector's dependency, not ours, so pnpm
 * keeps it out of our reach: resolve the wasm from barcode-detector's own copy, which is the
 * version its JavaScript was built for, and let Vite emit it as an asset.
 */
function zxingWasmBesideBarcodeDetector(): Plugin {
  return {
    name: "familyhub:zxing-wasm",
    enforce: "pre",
    async resolveId(source, importer) {
      if (!source.startsWith(ZXING_READER_WASM)) return null;
      const detector = await this.resolve("barcode-detector/ponyfill", importer);
      if (!detector) return null;
      const wasm = await this.resolve(ZXING_READER_WASM, detector.id);
      return wasm ? wasm.id + source.slice(ZXING_READER_WASM.length) : null;
    },
  };
}

/** The build's version, sent with the heartbeat so staff see which kiosks are out of date. */
const VERSION = new Date().toISOString().slice(0, 16).replace(/[-:]/g, "").replace("T", ".");

export default defineConfig({
  base: "/kiosk/",
  define: { __KIOSK_VERSION__: JSON.stringify(VERSION) },
  plugins: [
    react(),
    zxingWasmBesideBarcodeDetector(),
    // An installable app whose shell (scripts, styles, the QR decoder's wasm) is precached by a
    // service worker, so the kiosk starts and checks families in with no network at all.
    VitePWA({
      registerType: "autoUpdate",
      injectRegister: "script-defer",
      manifest: {
        name: "FamilyHub check-in",
        short_name: "Check-in",
        description: "Families check in at the centre's door with their card.",
        lang: "en-GB",
        start_url: "/kiosk/",
        scope: "/kiosk/",
        display: "fullscreen",
        orientation: "any",
        background_color: "#ffffff",
        theme_color: "#0b5d57",
        icons: [{ src: "icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" }],
      },
      workbox: {
        globPatterns: ["**/*.{js,css,html,wasm,svg}"],
        // The QR decoder's wasm is about 1 MB; it must be there offline.
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
        navigateFallback: "/kiosk/index.html",
        navigateFallbackAllowlist: [/^\/kiosk\//],
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  build: { assetsInlineLimit: 0 },
  server: {
    port: 5174,
    proxy: { "/trpc": "http://localhost:3000" },
  },
});
