import type { MenuItemConstructorOptions } from 'electron';
import type { SessionView } from '../shared/ipc-contract.js';

/** What the menu can ask for; the composition root passes the same handlers the buttons reach. */
export interface MenuActions {
  readonly signIn: () => void;
  readonly signOut: () => void;
  readonly copyDetails: () => void;
  readonly checkProvider: () => void;
}

/**
 * The application menu for the current session state, with each platform's conventions: the
 * macOS app menu (About, Hide, Quit), File › Quit elsewhere; Edit so that copy and paste work in
 * text fields; View with zoom and full screen only (no reload, no developer tools); Window; and the
 * app's own Account and Help menus, whose items are enabled only when they can do something.
 */
export function buildAppMenu(
  view: SessionView,
  platform: NodeJS.Platform,
  actions: MenuActions,
): MenuItemConstructorOptions[] {
  const hasError = 'error' in view && view.error !== undefined;
  const account: MenuItemConstructorOptions = {
    label: 'Account',
    submenu: [
      { id: 'sign-in', label: 'Sign In…', enabled: view.state === 'signed-out', click: actions.signIn },
      { id: 'sign-out', label: 'Sign Out', enabled: view.state === 'signed-in', click: actions.signOut },
      { type: 'separator' },
      { id: 'copy-details', label: 'Copy Details', enabled: hasError, click: actions.copyDetails },
    ],
  };
  const viewMenu: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      {
        id: 'check-provider',
        label: 'Check Provider Configuration',
        enabled: view.state !== 'restoring' && view.state !== 'exchanging',
        click: actions.checkProvider,
      },
    ],
  };
  return [
    platform === 'darwin' ? { role: 'appMenu' } : { role: 'fileMenu' },
    { role: 'editMenu' },
    viewMenu,
    account,
    { role: 'windowMenu' },
    help,
  ];
}
