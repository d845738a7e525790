import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { runInThisContext } from 'node:vm';

/**
 * Run a preload script the way Electron runs a sandboxed one: as CommonJS, with a `require` that
 * knows only `electron`. A preload that is an ES module, needs another module, or is not where main
 * said it is fails here as it would fail in the app.
 */
export function runPreload(path: string | undefined, electron: unknown): void {
  if (path === undefined) throw new Error('the window was given no preload script');
  const source = readFileSync(path, 'utf8');
  const wrapper = runInThisContext(
    `(function (exports, require, module, __filename, __dirname) {${source}\n})`,
    { filename: path },
  ) as (exports: object, require: (id: string) => unknown, module: object, file: string, dir: string) => void;
  const module = { exports: {} };
  const require = (id: string): unknown => {
    if (id === 'electron') return electron;
    throw new Error(`a sandboxed preload can require only 'electron', not '${id}'`);
  };
  wrapper(module.exports, require, module, path, dirname(path));
}
