import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const KEYWORD = 'Source';

/** Which renderer build an image shows: the SHA-256 of the built `index.html`, which names every hashed asset. */
export function rendererBuildId(rendererDir: string): string {
  return createHash('sha256')
    .update(readFileSync(`${rendererDir}/index.html`))
    .digest('hex')
    .slice(0, 16);
}

/** The PNG with a `tEXt` chunk saying where it came from, right after its header (PNG spec §11.3.4.3). */
export function withProvenance(png: Buffer, source: string): Buffer {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG');
  const headerEnd = 8 + 12 + png.readUInt32BE(8); // IHDR: length, type, data, CRC
  const data = Buffer.concat([
    Buffer.from(KEYWORD, 'latin1'),
    Buffer.from([0]),
    Buffer.from(source, 'latin1'),
  ]);
  const type = Buffer.from('tEXt', 'latin1');
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  type.copy(chunk, 4);
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(Buffer.concat([type, data])), 8 + data.length);
  return Buffer.concat([png.subarray(0, headerEnd), chunk, png.subarray(headerEnd)]);
}

/** The `Source` text of a PNG, or undefined when it has none. */
export function provenanceOf(png: Buffer): string | undefined {
  if (!png.subarray(0, 8).equals(SIGNATURE)) return undefined;
  for (let at = 8; at + 12 <= png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    if (type === 'tEXt') {
      const text = png.subarray(at + 8, at + 8 + length);
      const separator = text.indexOf(0);
      if (text.toString('latin1', 0, separator) === KEYWORD) return text.toString('latin1', separator + 1);
    }
    if (type === 'IEND') return undefined;
    at += 12 + length;
  }
  return undefined;
}

const TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
