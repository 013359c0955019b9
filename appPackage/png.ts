import * as zlib from 'node:zlib';
import { crc32 } from './crc32';

/** 8-bit RGBA pixels, row by row. */
export interface Image {
  width: number;
  height: number;
  data: Uint8Array;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, body: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), body]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** Truecolour with alpha, filter 0 on every row: icons are tiny, so smaller files are not worth more code. */
export function encodePng(image: Image): Buffer {
  const { width, height, data } = image;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) raw.set(data.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Decodes the non-interlaced 8-bit PNGs that image editors export for icons (grey, RGB, palette,
 * grey+alpha, RGBA), so the package check reads any icon dropped in, not only ours.
 */
export function decodePng(png: Buffer): Image {
  if (png.length < 8 || !png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file');
  let width = 0, height = 0, colorType = -1;
  let palette: Buffer | undefined;
  let transparency: Buffer | undefined;
  const idat: Buffer[] = [];
  for (let at = 8; at + 8 <= png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const body = png.subarray(at + 8, at + 8 + length);
    if (body.length !== length) throw new Error(`PNG chunk ${type} is truncated`);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [bitDepth, ct, , , interlace] = body.subarray(8, 13);
      if (bitDepth !== 8 || !(ct in CHANNELS) || interlace !== 0) {
        throw new Error(`unsupported PNG (bit depth ${bitDepth}, colour type ${ct}, interlace ${interlace}): export it as 8-bit RGBA`);
      }
      colorType = ct;
    } else if (type === 'PLTE') palette = body;
    else if (type === 'tRNS') transparency = body;
    else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  if (colorType < 0) throw new Error('PNG has no IHDR chunk');
  if (colorType === 3 && !palette) throw new Error('palette PNG has no PLTE chunk');

  const channels = CHANNELS[colorType];
  const stride = width * channels;
  const raw = zlib.inflateSync(Buffer.concat(idat));
  if (raw.length < (stride + 1) * height) throw new Error('PNG image data is truncated');
  const samples = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? samples[row + x - channels] : 0;
      const up = y > 0 ? samples[row - stride + x] : 0;
      const upLeft = y > 0 && x >= channels ? samples[row - stride + x - channels] : 0;
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter];
      if (predictor === undefined) throw new Error(`PNG row ${y} has unknown filter ${filter}`);
      samples[row + x] = (line[x] + predictor) & 0xff;
    }
  }

  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const s = samples.subarray(i * channels, (i + 1) * channels);
    let rgba: number[];
    if (colorType === 0) rgba = [s[0], s[0], s[0], transparency?.length === 2 && transparency.readUInt16BE(0) === s[0] ? 0 : 255];
    else if (colorType === 2) {
      const keyed = transparency?.length === 6 && [0, 2, 4].every((o, c) => transparency!.readUInt16BE(o) === s[c]);
      rgba = [s[0], s[1], s[2], keyed ? 0 : 255];
    } else if (colorType === 3) rgba = [...palette!.subarray(s[0] * 3, s[0] * 3 + 3), transparency?.[s[0]] ?? 255];
    else if (colorType === 4) rgba = [s[0], s[0], s[0], s[1]];
    else rgba = [...s];
    data.set(rgba, i * 4);
  }
  return { width, height, data };
}
