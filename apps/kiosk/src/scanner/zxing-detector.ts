import { BarcodeDetector, prepareZXingModule } from "barcode-detector/ponyfill";
import wasmUrl from "zxing-wasm/reader/zxing_reader.wasm?url";
import type { QrDetector } from "./detector";

/**
 * A card held up to the camera fills much of the picture, so each frame is first read at this
 * size (its longer side, in pixels): a quarter of a 640 × 480 frame's pixels, decoded in a
 * fraction of the time. Only when nothing is found there is the frame read at full size, so a card
 * held far away is still read.
 */
const SMALL_SIDE = 320;

/**
 * The QR code of a made-up card, "FH1-WARMUPWARMUPWARMUPWARMUP": 25 rows of 25 modules, each row
 * a number whose bits, most significant first, are its modules (1 is dark).
 */
const WARM_UP_CARD = [
  0x1fd897f, 0x104fa41, 0x1744e5d, 0x1753a5d, 0x175e55d, 0x1056541, 0x1fd557f, 0x001be00, 0x117d2f9,
  0x1a0efdc, 0x0a67037, 0x0e110c6, 0x1548d15, 0x1895515, 0x074fe68, 0x0326969, 0x1ed9bf4, 0x0010d18,
  0x1fd415a, 0x104571b, 0x175eff6, 0x174128d, 0x174be16, 0x104aaf7, 0x1fd1909,
];
const CARD_MODULES = 25;

/**
 * A frame with the made-up card in it, as a camera would see it. Reading it once before the first
 * family does compiles the decoder's code (WebAssembly is compiled as it is first used), which
 * otherwise makes the day's first scan several times slower than the rest.
 */
function warmUpFrame(): ImageData {
  const [width, height, module] = [SMALL_SIDE, (SMALL_SIDE * 3) / 4, 6];
  const pixels = new Uint8ClampedArray(width * height * 4).fill(200);
  const size = CARD_MODULES * module;
  const [left, top] = [(width - size) >> 1, (height - size) >> 1];
  for (let y = -4 * module; y < size + 4 * module; y++) {
    for (let x = -4 * module; x < size + 4 * module; x++) {
      const [row, column] = [Math.floor(y / module), Math.floor(x / module)];
      const inside = row >= 0 && row < CARD_MODULES && column >= 0 && column < CARD_MODULES;
      const dark = inside && ((WARM_UP_CARD[row] ?? 0) >> (CARD_MODULES - 1 - column)) & 1;
      const i = ((top + y) * width + left + x) * 4;
      pixels.fill(dark ? 20 : 250, i, i + 3);
    }
  }
  return new ImageData(pixels, width, height);
}

export async function createZxingQrDetector(): Promise<QrDetector> {
  // The kiosk has no internet: serve the wasm we bundled instead of zxing-wasm's CDN default.
  await prepareZXingModule({
    overrides: {
      locateFile: (path: string, prefix: string) =>
        path.endsWith(".wasm") ? wasmUrl : prefix + path,
    },
    fireImmediately: true,
  });
  const detector = new BarcodeDetector({ formats: ["qr_code"] });
  await detector.detect(warmUpFrame()).catch(() => []);
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });

  function smallFrame(video: HTMLVideoElement): ImageData | null {
    const { videoWidth: width, videoHeight: height } = video;
    const scale = SMALL_SIDE / Math.max(width, height);
    if (!context || scale >= 1) return null;
    const [smallWidth, smallHeight] = [Math.round(width * scale), Math.round(height * scale)];
    // Setting a canvas's size clears and reallocates it: only when the camera's size changes.
    if (canvas.width !== smallWidth) canvas.width = smallWidth;
    if (canvas.height !== smallHeight) canvas.height = smallHeight;
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    return context.getImageData(0, 0, canvas.width, canvas.height);
  }

  return {
    async detect(video) {
      const small = smallFrame(video);
      if (small) {
        const found = await detector.detect(small);
        if (found.length > 0) return found;
      }
      return detector.detect(video);
    },
  };
}
