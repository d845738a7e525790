import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/** electron-builder's own JSON schema for its configuration, as shipped with the installed version. */
async function builderSchema(): Promise<object> {
  const path = createRequire(import.meta.url).resolve('app-builder-lib/scheme.json');
  return JSON.parse(await readFile(path, 'utf8')) as object;
}

async function builderConfig(): Promise<Record<string, unknown>> {
  return parse(await readFile('electron-builder.yml', 'utf8')) as Record<string, unknown>;
}

describe('electron-builder.yml', () => {
  it('is valid against electron-builder’s JSON schema', async () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(await builderSchema());
    const valid = validate(await builderConfig());
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The schema is strict enough to catch a misspelt option.
    expect(validate({ ...(await builderConfig()), electronFuse: {} })).toBe(false);
  });

  it('flips the Electron fuses that stop other programs from borrowing the app', async () => {
    expect((await builderConfig())['electronFuses']).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packages only the built app and its configuration, with the native keychain module unpacked', async () => {
    const config = await builderConfig();
    expect(config['files']).toEqual(['out/**', 'config/**', 'package.json', '!**/*.map']);
    expect(config['asarUnpack']).toEqual(['node_modules/keytar/**']);
    expect(config['asar']).not.toBe(false);
  });
});
