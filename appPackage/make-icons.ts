import * as fs from 'node:fs';
import * as path from 'node:path';
import { APP_DIR } from './build';
import { encodePng, Image } from './png';

type Shape = (x: number, y: number) => boolean;

const circle = (cx: number, cy: number, r: number): Shape => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;

const roundedRect = (x0: number, y0: number, x1: number, y1: number, r: number): Shape => (x, y) => {
  const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
  const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
  return x >= x0 && x <= x1 && y >= y0 && y <= y1 && dx * dx + dy * dy <= r * r;
};

/** A stroke of half-width w from (ax, ay) to (bx, by), with round ends. */
const capsule = (ax: number, ay: number, bx: number, by: number, w: number): Shape => (x, y) => {
  const [vx, vy] = [bx - ax, by - ay];
  const t = Math.min(1, Math.max(0, ((x - ax) * vx + (y - ay) * vy) / (vx * vx + vy * vy)));
  return (x - ax - t * vx) ** 2 + (y - ay - t * vy) ** 2 <= w * w;
};

/** A headset in the unit square, centred, so one drawing serves both icon sizes. */
const HEADSET: Shape[] = [
  (x, y) => y <= 0.5 && !circle(0.5, 0.47, 0.27)(x, y) && circle(0.5, 0.47, 0.34)(x, y), // headband
  roundedRect(0.13, 0.43, 0.31, 0.69, 0.07),
  roundedRect(0.69, 0.43, 0.87, 0.69, 0.07),
  capsule(0.78, 0.66, 0.6, 0.81, 0.035), // microphone boom
  circle(0.56, 0.81, 0.06),
];

const SAMPLES = 4;

/** Fraction of each pixel the headset covers, supersampled so edges are anti-aliased; `scale` is the glyph's share of the icon. */
function coverage(size: number, scale: number): Float64Array {
  const out = new Float64Array(size * size);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = 0.5 + ((px + (sx + 0.5) / SAMPLES) / size - 0.5) / scale;
          const y = 0.5 + ((py + (sy + 0.5) / SAMPLES) / size - 0.5) / scale;
          if (HEADSET.some((shape) => shape(x, y))) hits++;
        }
      }
      out[py * size + px] = hits / SAMPLES ** 2;
    }
  }
  return out;
}

/** 192x192, opaque: a white headset on the accent colour, inside the centre safe area Teams' icon guidance asks for. */
export function colorIcon(accentColor: string): Image {
  const size = 192;
  const background = [1, 3, 5].map((i) => parseInt(accentColor.slice(i, i + 2), 16));
  const cover = coverage(size, 0.6);
  const data = new Uint8Array(size * size * 4);
  cover.forEach((a, i) => data.set([...background.map((c) => Math.round(c + (255 - c) * a)), 255], i * 4));
  return { width: size, height: size, data };
}

/** 32x32: white on transparent only, which is all Teams accepts for the outline icon. */
export function outlineIcon(): Image {
  const size = 32;
  const cover = coverage(size, 1);
  const data = new Uint8Array(size * size * 4);
  cover.forEach((a, i) => data.set(a > 0 ? [255, 255, 255, Math.round(255 * a)] : [0, 0, 0, 0], i * 4));
  return { width: size, height: size, data };
}

if (require.main === module) {
  const { accentColor } = JSON.parse(fs.readFileSync(path.join(APP_DIR, 'manifest.json'), 'utf8'));
  fs.writeFileSync(path.join(APP_DIR, 'color.png'), encodePng(colorIcon(accentColor)));
  fs.writeFileSync(path.join(APP_DIR, 'outline.png'), encodePng(outlineIcon()));
  console.log(`wrote ${path.join(APP_DIR, 'color.png')} and outline.png`);
}
