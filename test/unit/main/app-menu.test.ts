import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildAppMenu } from '../../../electron/main/app-menu.js';
import type { SessionView } from '../../../electron/shared/ipc-contract.js';

const noop = () => undefined;
const actions = { signIn: noop, signOut: noop, copyDetails: noop, checkProvider: noop };
const error = { code: 'access_denied', message: 'Denied.' } as const;
const signedIn: SessionView = {
  state: 'signed-in',
  user: { subject: 's' },
  issuer: 'https://id.example.com',
  scopes: [],
  accessTokenExpiresAt: 0,
};

function items(menu: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return menu.flatMap((item) => {
    const submenu: readonly MenuItemConstructorOptions[] = Array.isArray(item.submenu) ? item.submenu : [];
    return [item, ...items(submenu)];
  });
}
function enabled(view: SessionView): Record<string, boolean> {
  const entries: Array<[string, boolean]> = [];
  for (const item of items(buildAppMenu(view, 'linux', actions)))
    if (item.id !== undefined) entries.push([item.id, item.enabled !== false]);
  return Object.fromEntries(entries);
}

describe('application menu', () => {
  it.each<[string, SessionView, Record<string, boolean>]>([
    [
      'signed out',
      { state: 'signed-out' },
      { 'sign-in': true, 'sign-out': false, 'copy-details': false, 'check-provider': true },
    ],
    [
      'signed out with an error',
      { state: 'signed-out', error },
      { 'sign-in': true, 'sign-out': false, 'copy-details': true, 'check-provider': true },
    ],
    [
      'restoring',
      { state: 'restoring' },
      { 'sign-in': false, 'sign-out': false, 'copy-details': false, 'check-provider': false },
    ],
    [
      'waiting for the browser',
      { state: 'awaiting-browser', expiresAt: 0 },
      { 'sign-in': false, 'sign-out': false, 'copy-details': false, 'check-provider': true },
    ],
    [
      'exchanging',
      { state: 'exchanging' },
      { 'sign-in': false, 'sign-out': false, 'copy-details': false, 'check-provider': false },
    ],
    [
      'signed in',
      signedIn,
      { 'sign-in': false, 'sign-out': true, 'copy-details': false, 'check-provider': true },
    ],
  ])('%s', (_name, view, expected) => {
    expect(enabled(view)).toEqual(expected);
  });

  it('follows each platform: the app menu on macOS, File elsewhere; Edit for copy and paste; no reload or devtools', () => {
    const roles = (platform: NodeJS.Platform) =>
      items(buildAppMenu({ state: 'signed-out' }, platform, actions)).map((item) => item.role);
    expect(roles('darwin')).toContain('appMenu');
    expect(roles('darwin')).not.toContain('fileMenu');
    expect(roles('win32')).toContain('fileMenu');
    expect(roles('linux')).toEqual(expect.arrayContaining(['editMenu', 'windowMenu', 'help', 'zoomIn']));
    expect(roles('linux')).not.toEqual(expect.arrayContaining(['reload']));
    expect(roles('linux').some((role) => role === 'toggleDevTools' || role === 'viewMenu')).toBe(false);
  });
});
