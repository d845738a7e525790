import type { Page } from 'playwright-core';

/**
 * One action on the provider's login pages, performed in order on whatever page the browser is
 * on. `with` names an environment value (`username` → SMOKE_USERNAME, `password` →
 * SMOKE_PASSWORD, `oneTimeCode` → SMOKE_ONE_TIME_CODE) or is a literal; `clickIfPresent` is
 * skipped when its element does not appear.
 */
export type LoginStep =
  | { readonly fill: string; readonly with: string }
  | { readonly click: string }
  | { readonly clickIfPresent: string };

/** How long `clickIfPresent` waits for its element before skipping it. */
const OPTIONAL_WAIT_MS = 3_000;

const ENV_VALUES: Readonly<Record<string, string>> = {
  username: 'SMOKE_USERNAME',
  password: 'SMOKE_PASSWORD',
  oneTimeCode: 'SMOKE_ONE_TIME_CODE',
};

/** A login-steps file that cannot be used; the message says which entry and why. */
export class LoginStepsError extends Error {
  override readonly name = 'LoginStepsError';
}

/** Validate a parsed login-steps file into {@link LoginStep}s, naming the first bad entry. */
export function parseLoginSteps(value: unknown): LoginStep[] {
  if (!Array.isArray(value)) throw new LoginStepsError('login steps must be a JSON array');
  return value.map((entry: unknown, index): LoginStep => {
    const at = `login step ${index + 1}`;
    if (typeof entry !== 'object' || entry === null) throw new LoginStepsError(`${at} must be an object`);
    const step = entry as Record<string, unknown>;
    const keys = Object.keys(step).sort().join(',');
    if (keys === 'fill,with' && typeof step['fill'] === 'string' && typeof step['with'] === 'string')
      return { fill: step['fill'], with: step['with'] };
    if (keys === 'click' && typeof step['click'] === 'string') return { click: step['click'] };
    if (keys === 'clickIfPresent' && typeof step['clickIfPresent'] === 'string')
      return { clickIfPresent: step['clickIfPresent'] };
    throw new LoginStepsError(
      `${at} must be { "fill": selector, "with": value }, { "click": selector } or { "clickIfPresent": selector }`,
    );
  });
}

/** The text a `fill` step types: a named environment value, or the literal itself. */
export function stepValue(name: string, env: Readonly<Record<string, string | undefined>>): string {
  const variable = ENV_VALUES[name];
  if (variable === undefined) return name;
  const value = env[variable];
  if (value === undefined || value === '')
    throw new LoginStepsError(`${variable} is not set (login step value "${name}")`);
  return value;
}

/**
 * Perform the steps on `page`, each waiting for its selector until `deadline` (epoch ms), until
 * `done` says the rest are moot. Values are typed into the page and never logged. Throws with the
 * step that could not be done.
 */
export async function performLoginSteps(
  page: Page,
  steps: readonly LoginStep[],
  options: {
    readonly deadline: number;
    readonly env: Readonly<Record<string, string | undefined>>;
    /** Checked before each step: true once the steps left are moot (the provider redirected). */
    readonly done?: () => boolean;
  },
): Promise<void> {
  const remaining = () => Math.max(1, options.deadline - Date.now());
  for (const [index, step] of steps.entries()) {
    if (options.done?.()) return;
    if ('fill' in step) {
      await page.fill(step.fill, stepValue(step.with, options.env), { timeout: remaining() });
    } else if ('click' in step) {
      await page.click(step.click, { timeout: remaining(), noWaitAfter: index === steps.length - 1 });
    } else {
      const element = page.locator(step.clickIfPresent).first();
      const present = await element.waitFor({ timeout: Math.min(OPTIONAL_WAIT_MS, remaining()) }).then(
        () => true,
        () => false,
      );
      if (present) await element.click({ timeout: remaining(), noWaitAfter: true });
    }
  }
}
