import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { APP_NAME } from '../../../electron/shared/app-identity.js';

describe('the renderer page names the app as main does', () => {
  it('uses APP_NAME in its title and heading (a static page cannot import it)', async () => {
    const html = await readFile('renderer/index.html', 'utf8');
    expect(html).toContain(`<title>${APP_NAME}</title>`);
    expect(html).toContain(`<span class="app-name">${APP_NAME}</span>`);
  });
});
