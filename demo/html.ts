import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';

import { DEMO_SCHEME } from './demo-constants.js';

const STYLE = [
  'body{font:16px/1.5 system-ui,sans-serif;background:#f4f5f7;color:#1d2330;margin:0}',
  'main{max-width:26rem;margin:3rem auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002}',
  'h1{font-size:1.4rem;margin-top:0}label{display:block;font-weight:600;margin-top:1rem}',
  'input{width:100%;box-sizing:border-box;padding:.5rem;font:inherit;border:1px solid #8a93a6;border-radius:4px}',
  'button{font:inherit;padding:.5rem 1.2rem;margin:1.2rem .5rem 0 0;border-radius:4px;border:1px solid #2456c7;cursor:pointer}',
  'button.primary{background:#2456c7;color:#fff}button.secondary{background:#fff;color:#2456c7}',
  '.hint{background:#eef3ff;padding:.6rem .8rem;border-radius:4px}.error{color:#a4161a;font-weight:600}',
  'code{background:#eef0f4;padding:0 .3rem;border-radius:3px}',
].join('');

const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/**
 * The Content-Security-Policy of every page the demo renders: nothing loads from anywhere, the one
 * inline stylesheet is pinned by hash, and forms may only post to this server. `form-action` also
 * covers the redirects that follow a form post in Chromium, so the authorization response may go to
 * the private-use scheme and to loopback (RFC 8252 §7.1, §7.3).
 */
export const PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${STYLE_HASH}'`,
  `form-action 'self' ${DEMO_SCHEME}: http://127.0.0.1:*`,
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** Headers for every demo page: strict CSP, no caching of pages that carry interaction state. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': PAGE_CSP,
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values, so no value can inject markup. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** Wraps trusted body markup in a complete, self-contained document; `title` is escaped here. */
export function renderDocument(title: string, body: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>`,
    `<body><main>${body}</main></body>`,
    '</html>',
  ].join('\n');
}

/** Sends a rendered page with the demo's security headers. */
export function sendPage(res: ServerResponse, status: number, title: string, body: string): void {
  res.writeHead(status, PAGE_HEADERS);
  res.end(renderDocument(title, body));
}
