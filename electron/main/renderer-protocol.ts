import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { RENDERER_HOST } from '../shared/app-identity.js';

/** Served with every renderer file: the renderer may load only its own files and talk to no server. */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * The file under `rootDir` that an `app://renderer/...` URL names, or undefined when the URL is
 * for another host or would escape the folder. Serving from a custom protocol instead of
 * `file://` keeps the renderer from reading arbitrary local files (Electron security checklist §18).
 */
export function resolveRendererFile(
  rootDir: string,
  requestUrl: string,
  host = RENDERER_HOST,
): string | undefined {
  if (!URL.canParse(requestUrl)) return undefined;
  const url = new URL(requestUrl);
  if (url.host !== host) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  if (path.includes('\0')) return undefined;
  const relative = path === '/' ? 'index.html' : path.slice(1);
  const root = normalize(rootDir);
  const file = normalize(join(root, relative));
  return file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : undefined;
}

/** Answer one renderer request: the file with its type and the CSP, or a 404. */
export async function serveRendererFile(rootDir: string, request: Request): Promise<Response> {
  const file = request.method === 'GET' ? resolveRendererFile(rootDir, request.url) : undefined;
  const headers = { 'content-security-policy': RENDERER_CSP, 'x-content-type-options': 'nosniff' };
  if (file === undefined) return new Response('Not found', { status: 404, headers });
  try {
    const body = await readFile(file);
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    return new Response(body, { status: 200, headers: { ...headers, 'content-type': type } });
  } catch {
    return new Response('Not found', { status: 404, headers });
  }
}
