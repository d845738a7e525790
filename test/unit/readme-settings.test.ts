import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../electron/auth/config/config.js';
import { ENV_OVERRIDES } from '../../electron/auth/config/load-config.js';

interface SettingRow {
  readonly field: string;
  readonly defaultCell: string;
  readonly environment: string | undefined;
}

/** The README's settings table (field | default | environment | meaning), row by row. */
async function readmeSettings(): Promise<SettingRow[]> {
  const readme = await readFile('README.md', 'utf8');
  const lines = readme.split('\n');
  const header = lines.findIndex((line) => /^\| field\s+\| default\s+\| environment\s+\| meaning/.test(line));
  expect(header, 'the README has its settings table').toBeGreaterThan(0);
  const rows: SettingRow[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const [field = '', defaultCell = '', environment = ''] = line
      .split('|')
      .slice(1)
      .map((cell) => cell.trim());
    rows.push({
      field: field.replace(/`/g, ''),
      defaultCell,
      environment: environment === '' ? undefined : environment.replace(/`/g, ''),
    });
  }
  return rows;
}

/** The smallest valid configuration, with a client secret so that field is present too. */
const configured = validateConfig({
  issuer: 'https://idp.example.test',
  clientId: 'desktop',
  redirectUri: 'com.example.desktop:/callback',
  clientAuthentication: 'client_secret_post',
  clientSecret: 'not-a-secret',
});
const defaults = validateConfig({
  issuer: 'https://idp.example.test',
  clientId: 'desktop',
  redirectUri: 'com.example.desktop:/callback',
});

describe('the README settings table is the configuration the app accepts', () => {
  let rows: SettingRow[];
  beforeAll(async () => {
    rows = await readmeSettings();
  });

  it('names exactly the settings the configuration knows', () => {
    expect(rows.map(({ field }) => field).sort()).toEqual(Object.keys(configured).sort());
  });

  it('gives each default the app really uses', () => {
    const literal = rows.filter(({ defaultCell }) => /^`.*`$/.test(defaultCell));
    expect(literal.length).toBeGreaterThan(10);
    for (const { field, defaultCell } of literal) {
      const documented: unknown = JSON.parse(defaultCell.slice(1, -1));
      const actual = (defaults as unknown as Record<string, unknown>)[field];
      // Scopes are documented as the space-separated string a configuration file may use.
      const shown = Array.isArray(actual) && typeof documented === 'string' ? actual.join(' ') : actual;
      expect(shown, field).toEqual(documented);
    }
  });

  it('says required or none exactly where the app has no default', () => {
    for (const { field, defaultCell } of rows.filter(({ defaultCell }) => !defaultCell.startsWith('`'))) {
      expect(defaultCell, field).toMatch(/^(required|none)\b/);
      if (defaultCell.startsWith('none'))
        expect(defaults[field as keyof typeof defaults], field).toBeUndefined();
    }
  });

  it('lists each environment variable beside the setting it overrides', () => {
    const documented: Record<string, string> = {};
    for (const { field, environment } of rows) if (environment) documented[environment] = field;
    expect(documented).toEqual({ ...ENV_OVERRIDES, OAUTH_AUTHORIZATION_PARAMS: 'authorizationParams' });
  });
});
