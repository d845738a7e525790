import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';

/**
 * Pins the renderer's scripts by hash instead of by origin: each built `<script src>` gets an
 * `integrity` attribute, and the page's CSP allows exactly those hashes (CSP Level 3 hash-source
 * for external scripts, with Subresource Integrity). Even a file that somehow landed next to the
 * bundle under `app://renderer` could not run. The source page says `script-src 'none'`, so an
 * unbuilt page runs nothing.
 */
export function cspScriptHashes(): Plugin {
  return {
    name: 'csp-script-hashes',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        const hashes: string[] = [];
        const pinned = html.replace(
          /<script\b([^>]*)\ssrc="\.?\/?([^"]+)"([^>]*)><\/script>/g,
          (tag, before: string, src: string, after: string) => {
            const chunk = context.bundle?.[src];
            if (!chunk || chunk.type !== 'chunk')
              throw new Error(`csp-script-hashes: no built chunk for ${src}`);
            const hash = `sha384-${createHash('sha384').update(chunk.code).digest('base64')}`;
            hashes.push(`'${hash}'`);
            return `<script${before} integrity="${hash}" src="./${src}"${after}></script>`;
          },
        );
        if (hashes.length === 0) throw new Error('csp-script-hashes: the page has no script to pin');
        const csp = /(http-equiv="Content-Security-Policy"\s+content="[^"]*)script-src 'none'/;
        if (!csp.test(pinned))
          throw new Error("csp-script-hashes: expected script-src 'none' in the page's CSP");
        return pinned.replace(csp, `$1script-src ${hashes.join(' ')}`);
      },
    },
  };
}
