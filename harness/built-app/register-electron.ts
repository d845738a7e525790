/**
 * Loaded with `node --import` before the built main process: routes the bare specifier `electron`
 * to the stand-in, the one part of the shipped app the built-app tests replace. Every other import
 * of the bundle (its externals from node_modules, Node's built-ins) resolves exactly as shipped.
 */
import { register } from 'node:module';

register('./resolve-electron.mjs', import.meta.url, {
  data: { standIn: new URL('./electron-stand-in.mjs', import.meta.url).href },
});
