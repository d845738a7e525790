import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../electron/auth/load-config.js';
import { privateUseScheme } from '../../electron/auth/redirect-scheme.js';
import { desktopEntry } from '../../scripts/desktop-entry.js';

interface BuilderConfig {
  readonly protocols: ReadonlyArray<{ readonly schemes: readonly string[] }>;
  readonly linux: { readonly mimeTypes: readonly string[]; readonly syncDesktopName: boolean };
}

describe('scheme registration', () => {
  it('registers the configured redirect scheme in the package and in the development desktop entry', async () => {
    const config = loadConfig({
      fileText: await readFile('config/app.config.json', 'utf8'),
      filePath: 'config/app.config.json',
      env: {},
    });
    const scheme = privateUseScheme(config.redirectUri ?? '');
    const builder = parse(await readFile('electron-builder.yml', 'utf8')) as BuilderConfig;
    const entry = desktopEntry({
      scheme: scheme ?? '',
      name: 'Dev',
      exec: ['/usr/bin/electron', '/src/app'],
    });

    expect(scheme).toBe('com.example.desktop');
    expect(builder.protocols.flatMap((protocol) => protocol.schemes)).toEqual([scheme]);
    expect(builder.linux.mimeTypes).toContain(`x-scheme-handler/${scheme}`);
    expect(entry).toContain(`MimeType=x-scheme-handler/${scheme};\n`);
    // Electron registers the handler under package.json's desktopName; the package installs that file.
    const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { desktopName: string };
    expect(pkg.desktopName).toBe(`${scheme}.desktop`);
    expect(builder.linux.syncDesktopName).toBe(true);
  });

  it('passes the URL as one argument and quotes paths with spaces', () => {
    const entry = desktopEntry({
      scheme: 'com.example.desktop',
      name: 'Dev',
      exec: ['/home/me/My Apps/electron', '/home/me/src/"quoted"'],
    });
    expect(entry).toContain('Exec="/home/me/My Apps/electron" "/home/me/src/\\"quoted\\"" %u\n');
  });
});
