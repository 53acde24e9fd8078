import { crc32, deflateSync, inflateSync } from 'node:zlib';

// Chromium's screenshots are 24-bit PNGs: a UI screenshot 1000 px wide weighs over 100 KB.
// Its ~1000 colours are mostly anti-aliasing shades, so a 256-colour palette looks the same
// at a third of the size: small enough to commit as docs/demo.png.

/** PNG's Paeth predictor: whichever of left, up and up-left is closest to left + up - upLeft. */
function paeth(left: number, up: number, upLeft: number): number {
  const guess = left + up - upLeft;
  const [toLeft, toUp, toUpLeft] = [left, up, upLeft].map((value) => Math.abs(guess - value));
  return toLeft <= toUp && toLeft <= toUpLeft ? left : toUp <= toUpLeft ? up : upLeft;
}

/** Reads an 8-bit, non-interlaced RGB or RGBA PNG into RGB pixels. */
function decode(png: Buffer): { width: number; height: number; rgb: Buffer } {
  let width = 0;
  let height = 0;
  let channels = 3;
  const idat: Buffer[] = [];
  for (let offset = 8; offset < png.length; ) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type == 'IHDR') {
      [width, height] = [data.readUInt32BE(0), data.readUInt32BE(4)];
      if (data[8] != 8 || data[12] != 0 || (data[9] != 2 && data[9] != 6)) throw new Error('Expected an 8-bit RGB(A) PNG, not interlaced');
      channels = data[9] == 6 ? 4 : 3;
    }
    if (type == 'IDAT') idat.push(data);
    offset += length + 12;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const at = y * stride + x;
      const left = x >= channels ? pixels[at - channels] : 0;
      const up = y ? pixels[at - stride] : 0;
      const upLeft = x >= channels && y ? pixels[at - stride - channels] : 0;
      const predictor = filter == 1 ? left : filter == 2 ? up : filter == 3 ? (left + up) >> 1 : filter == 4 ? paeth(left, up, upLeft) : 0;
      pixels[at] = raw[y * (stride + 1) + 1 + x] + predictor;
    }
  }
  const rgb = Buffer.alloc(width * height * 3);
  for (let i = 0; i < width * height; i++) pixels.copy(rgb, i * 3, i * channels, i * channels + 3);
  return { width, height, rgb };
}

const chunk = (type: string, data: Buffer) => {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
};

/**
 * Re-encodes a screenshot with a 256-colour palette: the most frequent colours, every other
 * pixel mapped to the nearest of them.
 * @param png - an 8-bit RGB(A) PNG, as Playwright's `page.screenshot()` returns
 * @returns an indexed PNG of the same size
 */
export function toPalettePng(png: Buffer): Buffer {
  const { width, height, rgb } = decode(png);
  const counts = new Map<number, number>();
  for (let i = 0; i < rgb.length; i += 3) {
    const color = rgb.readUIntBE(i, 3);
    counts.set(color, (counts.get(color) || 0) + 1);
  }
  const palette = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)!).slice(0, 256);
  const channel = (color: number, shift: number) => (color >> shift) & 255;
  const distance = (a: number, b: number) => [16, 8, 0].reduce((sum, shift) => sum + (channel(a, shift) - channel(b, shift)) ** 2, 0);
  const index = new Map<number, number>();
  for (const color of counts.keys()) {
    index.set(color, palette.reduce((best, candidate, i) => (distance(color, candidate) < distance(color, palette[best]) ? i : best), 0));
  }
  const rows = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) rows[y * (width + 1) + 1 + x] = index.get(rgb.readUIntBE((y * width + x) * 3, 3))!;
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 3;
  const plte = Buffer.alloc(palette.length * 3);
  palette.forEach((color, i) => plte.writeUIntBE(color, i * 3, 3));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('PLTE', plte),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
