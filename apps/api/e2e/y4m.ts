import { writeFileSync } from "node:fs";
import { PNG } from "pngjs";

/**
 * Writes a still picture as a Y4M video for Chromium's fake camera
 * (--use-file-for-fake-video-capture): the PNG is scaled to fit a 640×480 grey frame, in
 * 4:2:0 with neutral colour, which is all a QR decoder needs.
 */
export function pngToY4m(png: Buffer, file: string, width = 640, height = 480, frames = 10): void {
  const image = PNG.sync.read(png);
  const scale = Math.min((width * 0.9) / image.width, (height * 0.9) / image.height);
  const w = Math.floor(image.width * scale);
  const h = Math.floor(image.height * scale);
  const left = Math.floor((width - w) / 2);
  const top = Math.floor((height - h) / 2);
  const luma = Buffer.alloc(width * height, 200);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const sx = Math.min(image.width - 1, Math.floor(x / scale));
      const sy = Math.min(image.height - 1, Math.floor(y / scale));
      const i = (sy * image.width + sx) * 4;
      const [r, g, b] = [image.data[i] ?? 0, image.data[i + 1] ?? 0, image.data[i + 2] ?? 0];
      luma[(top + y) * width + left + x] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), luma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(file, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}
