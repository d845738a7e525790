/**
 * Who the app is, named once for main, preload, renderer, the tools and the tests: the name people
 * see (window title, loopback landing pages, support details), and where its own renderer is served
 * from. Serving the renderer from a privileged custom protocol instead of `file://` keeps it from
 * reading local files (Electron security checklist §18); every IPC message must come from this
 * origin's top frame.
 */

/** The app's name as people see it. */
export const APP_NAME = 'Desktop OAuth Reference';

/** The custom protocol the renderer is served from. */
export const APP_PROTOCOL = 'app';

/** The one host under {@link APP_PROTOCOL}: the renderer's files. */
export const RENDERER_HOST = 'renderer';

/** The only origin the app's own renderer is served from (see `renderer-protocol.ts`). */
export const APP_ORIGIN = `${APP_PROTOCOL}://${RENDERER_HOST}`;
