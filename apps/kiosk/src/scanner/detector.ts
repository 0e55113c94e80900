import type { BarcodeDetector as BarcodeDetectorClass } from "barcode-detector/ponyfill";

export type QrDetector = {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
};

type WithNativeDetector = { BarcodeDetector?: typeof BarcodeDetectorClass };

async function nativeQrDetector(): Promise<QrDetector | null> {
  const Native = (window as WithNativeDetector).BarcodeDetector;
  if (!Native) return null;
  try {
    const formats = await Native.getSupportedFormats();
    return formats.includes("qr_code") ? new Native({ formats: ["qr_code"] }) : null;
  } catch {
    return null;
  }
}

let loading: Promise<QrDetector> | null = null;

/**
 * The browser's own BarcodeDetector where it reads QR codes (Android, ChromeOS, macOS), else the
 * zxing-wasm ponyfill, fetched only now so that the first screen paints without it.
 */
export function loadQrDetector(): Promise<QrDetector> {
  loading ??= nativeQrDetector()
    .then(async (native) => {
      if (native) return native;
      const { createZxingQrDetector } = await import("./zxing-detector");
      return createZxingQrDetector();
    })
    .catch((error: unknown) => {
      loading = null;
      throw error;
    });
  return loading;
}
