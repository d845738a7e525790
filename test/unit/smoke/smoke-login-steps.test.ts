import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { LoginStepsError, parseLoginSteps, stepValue } from '../../../smoke/login-steps.js';

describe('smoke login steps', () => {
  it('reads fill, click and clickIfPresent steps', () => {
    expect(
      parseLoginSteps([
        { fill: '#username', with: 'username' },
        { click: 'button[type=submit]' },
        { clickIfPresent: '#consent-accept' },
      ]),
    ).toEqual([
      { fill: '#username', with: 'username' },
      { click: 'button[type=submit]' },
      { clickIfPresent: '#consent-accept' },
    ]);
  });

  it.each([
    ['not an array', { click: '#x' }, 'login steps must be a JSON array'],
    ['a fill without a value', [{ fill: '#x' }], 'login step 1 must be'],
    ['an unknown action', [{ click: '#a' }, { type: '#b' }], 'login step 2 must be'],
    ['extra keys', [{ click: '#a', wait: 5 }], 'login step 1 must be'],
  ])('refuses %s, naming the entry', (_name, value, message) => {
    expect(() => parseLoginSteps(value)).toThrow(LoginStepsError);
    expect(() => parseLoginSteps(value)).toThrow(message);
  });

  it('takes username, password and one-time code from SMOKE_USERNAME / SMOKE_PASSWORD / SMOKE_ONE_TIME_CODE, anything else literally', () => {
    const env = { SMOKE_USERNAME: 'ada', SMOKE_PASSWORD: 'secret', SMOKE_ONE_TIME_CODE: '123456' };
    expect(stepValue('username', env)).toBe('ada');
    expect(stepValue('password', env)).toBe('secret');
    expect(stepValue('oneTimeCode', env)).toBe('123456');
    expect(() => stepValue('oneTimeCode', {})).toThrow('SMOKE_ONE_TIME_CODE is not set');
    expect(stepValue('alice', env)).toBe('alice');
    expect(() => stepValue('password', {})).toThrow('SMOKE_PASSWORD is not set');
  });

  it('reads every login-steps file the project ships, each the README names', async () => {
    const readme = await readFile('README.md', 'utf8');
    const files = (await readdir('config/smoke')).filter((name) => name.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const name of files) {
      const steps = parseLoginSteps(JSON.parse(await readFile(`config/smoke/${name}`, 'utf8')));
      expect(steps.length, name).toBeGreaterThan(0);
      expect(readme, name).toContain(`config/smoke/${name}`);
    }
    for (const [, named] of readme.matchAll(/--login ([\w./-]+\.json)/g)) {
      expect(
        files.map((name) => `config/smoke/${name}`),
        named,
      ).toContain(named);
    }
  });
});
