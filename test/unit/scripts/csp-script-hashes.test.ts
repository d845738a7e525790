import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'electron-vite';
import { beforeAll, describe, expect, it } from 'vitest';

const page = join('out', 'renderer', 'index.html');

beforeAll(async () => {
  if (!existsSync(page)) await build({ logLevel: 'warn' });
});

describe('the built renderer page', () => {
  it('allows exactly its own script, by hash, and nothing by origin', async () => {
    const html = await readFile(page, 'utf8');
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1] ?? '';
    const scriptSrc = csp
      .split(';')
      .map((part) => part.trim())
      .find((part) => part.startsWith('script-src'));
    const scripts = [...html.matchAll(/<script\b[^>]*integrity="([^"]+)"[^>]*src="\.\/([^"]+)"/g)];

    expect(scripts).toHaveLength(1);
    const [, integrity, src] = scripts[0]!;
    const actual = `sha384-${createHash('sha384')
      .update(await readFile(join('out', 'renderer', src!)))
      .digest('base64')}`;
    expect(integrity).toBe(actual);
    expect(scriptSrc).toBe(`script-src '${actual}'`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'none'");
  });
});
