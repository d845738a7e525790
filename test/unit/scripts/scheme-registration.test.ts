import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../../electron/auth/config/load-config.js';
import { privateUseScheme } from '../../../electron/auth/redirect/redirect-scheme.js';
import { desktopEntry, execLine } from '../../../scripts/desktop-entry.js';

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

  it('leaves plain paths unquoted, so that xdg-open without a desktop environment can run them', () => {
    const entry = desktopEntry({
      scheme: 'com.example.desktop',
      name: 'Dev',
      exec: ['/home/me/node_modules/electron/dist/electron', '/home/me/src/desktop-oauth_pkce.v2+x=y,z@1:2'],
    });
    expect(entry).toContain(
      'Exec=/home/me/node_modules/electron/dist/electron /home/me/src/desktop-oauth_pkce.v2+x=y,z@1:2 %u\n',
    );
  });

  it('quotes only arguments with a reserved character, escapes per the Desktop Entry spec and doubles %', () => {
    // Inside quotes " ` $ \ take a backslash; then the string escapes (\\ \t \n \r) apply to the value.
    expect(execLine(['/home/me/My Apps/electron', '/home/me/src/"quoted"'])).toBe(
      '"/home/me/My Apps/electron" "/home/me/src/\\\\"quoted\\\\""',
    );
    expect(execLine(['/bin/app', 'a\\b', '$HOME', '`x`', "it's", 'tab\there', 'new\nline'])).toBe(
      '/bin/app "a\\\\\\\\b" "\\\\$HOME" "\\\\`x\\\\`" "it\'s" "tab\\there" "new\\nline"',
    );
    for (const reserved of ['>', '<', '~', '|', '&', ';', '*', '?', '#', '(', ')']) {
      expect(execLine([`/src/a${reserved}b`])).toBe(`"/src/a${reserved}b"`);
    }
    expect(execLine(['/src/100%', '/src/50% off', ''])).toBe('/src/100%% "/src/50%% off" ""');
  });
});
