/**
 * Entry point: find the bridge and the page's two fixed elements, then start the app. Everything
 * the user sees is built in code from the session view; nothing here touches a token.
 */
import { renderAppInfo } from './app-info.js';
import { showFailure, startApp } from './app.js';
import { findBridge, MISSING_BRIDGE_MESSAGE } from './bridge.js';

const screen = document.getElementById('screen');
const status = document.getElementById('status');
const bridge = findBridge();

if (screen && status) {
  if (bridge) {
    const info = bridge.getInfo();
    startApp(bridge, { screen, status }, info);
    // Nice to know, not needed to work: if main cannot say, the footer stays empty.
    info.then(
      (info) => document.getElementById('app-info')?.replaceChildren(...renderAppInfo(info)),
      () => undefined,
    );
  } else showFailure(screen, MISSING_BRIDGE_MESSAGE);
}
