import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

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

export default defineConfig({
  base: "/kiosk/",
  plugins: [react(), zxingWasmBesideBarcodeDetector()],
  build: { assetsInlineLimit: 0 },
  server: {
    port: 5174,
    proxy: { "/trpc": "http://localhost:3000" },
  },
});
