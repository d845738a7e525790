import { type AppConfig, ConfigError } from './config.js';

/**
 * The placeholders the profiles in config/providers/ ship with: `YOUR_…` in upper case
 * (`YOUR_ORG`, `YOUR_NATIVE_APP_CLIENT_ID`), a private-use scheme label such as Okta's
 * `com.okta.your-org`, and Entra ID's all-zero client id.
 */
const UPPER_CASE = /YOUR_[A-Z0-9_]*[A-Z0-9]/g;
const SCHEME_LABEL = /^[a-z0-9.+-]*?\b(your-[a-z0-9-]+)\b[a-z0-9.+-]*:/;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** Words people use for an abbreviation in a placeholder name. */
const WORDS: Readonly<Record<string, string>> = { id: 'ID', api: 'API', org: 'organisation' };

/**
 * Every placeholder a profile still holds, one sentence each, naming the field, the placeholder
 * and what replaces it. Left in, a placeholder reaches the network as a host name that does not
 * resolve or a client the provider does not know, and the user reads "could not connect" instead
 * of "fill in the profile".
 */
export function findUnfilledPlaceholders(config: AppConfig): string[] {
  const problems: string[] = [];
  const visit = (field: string, value: unknown): void => {
    if (typeof value === 'string') {
      for (const placeholder of placeholdersIn(field, value))
        problems.push(
          `${field} still holds the placeholder ${placeholder}: replace it with ${meaning(placeholder)}`,
        );
    } else if (Array.isArray(value)) {
      // One sentence per field, whatever the number of entries (scopes).
      visit(field, value.join(' '));
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, inner] of Object.entries(value)) visit(`${field}.${key}`, inner);
    }
  };
  for (const [field, value] of Object.entries(config)) visit(field, value);
  return problems;
}

/**
 * Refuse a configuration with a placeholder left in, as a configuration problem, before any
 * request is made: the app at start, the doctor and smoke before their first check.
 *
 * @throws {ConfigError} naming every unfilled placeholder.
 */
export function refuseUnfilledPlaceholders(config: AppConfig): AppConfig {
  const problems = findUnfilledPlaceholders(config);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function placeholdersIn(field: string, value: string): string[] {
  const found = new Set(value.match(UPPER_CASE) ?? []);
  const label = SCHEME_LABEL.exec(value)?.[1];
  if (label !== undefined) found.add(label);
  if (field === 'clientId' && value === NIL_UUID) found.add(NIL_UUID);
  return [...found];
}

/** `YOUR_TENANT_ID` → "your tenant ID"; `your-org` → "your organisation". */
function meaning(placeholder: string): string {
  if (placeholder === NIL_UUID) return 'the client ID the provider issued';
  const words = placeholder.toLowerCase().split(/[_-]/);
  return words.map((word) => WORDS[word] ?? word).join(' ');
}
