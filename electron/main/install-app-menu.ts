import type { Session } from '../auth/session.js';
import { buildAppMenu, type MenuActions } from './app-menu.js';
import type { ElectronSurface } from './electron-surface.js';

/**
 * Set the application menu now and again after every session change, so that Sign In, Sign Out
 * and Copy Details are enabled exactly when they can act.
 */
export function installAppMenu(
  Menu: ElectronSurface['Menu'],
  session: Pick<Session, 'view' | 'subscribe'>,
  platform: NodeJS.Platform,
  actions: MenuActions,
): void {
  const install = (): void =>
    Menu.setApplicationMenu(Menu.buildFromTemplate(buildAppMenu(session.view(), platform, actions)));
  install();
  session.subscribe(install);
}
