import type { AppInfoView } from '../../electron/shared/ipc-contract.js';
import { h } from './dom.js';

/** How the browser hands the result back, in words: RFC 8252 §7.1 scheme or §7.3 loopback. */
export function describeRedirect(info: AppInfoView): string {
  const loopback = 'a one-time local address (127.0.0.1)';
  const scheme = info.scheme === undefined ? undefined : `the app link ${info.scheme}:`;
  if (info.redirectMode === 'loopback' || scheme === undefined) return loopback;
  if (info.redirectMode === 'scheme' || info.schemeRegistered) return scheme;
  return `${loopback}, because ${info.scheme}: is not registered with the system`;
}

/** The footer's facts about this installation: version, identity provider and redirect. */
export function renderAppInfo(info: AppInfoView): HTMLElement[] {
  return [
    h('span', { id: 'app-version' }, `Version ${info.version}`),
    h('span', {}, 'Identity provider: ', h('code', {}, info.issuer)),
    h('span', { id: 'app-redirect' }, `Returns from the browser via ${describeRedirect(info)}`),
  ];
}
