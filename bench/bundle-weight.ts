import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** electron-vite's output folder, next to this folder. */
const OUT_DIR = fileURLToPath(new URL('../out/', import.meta.url));

/** The size of one bundle as shipped and as sent compressed. */
export interface BundleWeight {
  readonly files: number;
  readonly rawBytes: number;
  readonly gzipBytes: number;
}

/** Each bundle's weight, or `undefined` when it has not been built. */
export interface BundleWeights {
  readonly renderer: BundleWeight | undefined;
  readonly main: BundleWeight | undefined;
  readonly preload: BundleWeight | undefined;
}

/**
 * How much code each process loads, gzipped with node:zlib at its default level
 * (6, what most servers and size tools use), each file on its own as it would be compressed. The
 * renderer counts its JS and CSS under `out/renderer/assets`; main and preload count their bundles.
 * It reads an existing build and never builds: `npx electron-vite build` does that.
 */
export async function measureBundleWeights(): Promise<BundleWeights> {
  return {
    renderer: await weigh('renderer/assets', /\.(?:js|css)$/),
    main: await weigh('main', /\.m?js$/),
    preload: await weigh('preload', /\.c?js$/),
  };
}

async function weigh(folder: string, include: RegExp): Promise<BundleWeight | undefined> {
  const root = join(OUT_DIR, folder);
  if (!existsSync(root)) return undefined;
  const names = (await readdir(root, { recursive: true })).filter((name) => include.test(name));
  if (names.length === 0) return undefined;
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const name of names) {
    const content = await readFile(join(root, name));
    rawBytes += content.byteLength;
    gzipBytes += gzipSync(content).byteLength;
  }
  return { files: names.length, rawBytes, gzipBytes };
}
