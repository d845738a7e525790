/**
 * The freedesktop.org desktop entry that makes Linux hand `<scheme>:` URLs to the app
 * (RFC 8252 §7.1 on Linux: x-scheme-handler MIME types). `%u` passes the URL as one argument,
 * which the app's redirect intake then accepts.
 */
export function desktopEntry(options: { scheme: string; name: string; exec: readonly string[] }): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${options.name}`,
    `Exec=${options.exec.map(quote).join(' ')} %u`,
    'NoDisplay=true',
    `MimeType=x-scheme-handler/${options.scheme};`,
    '',
  ].join('\n');
}

/** Desktop Entry Specification quoting for an Exec argument. */
function quote(argument: string): string {
  return `"${argument.replace(/(["`$\\])/g, '\\$1')}"`;
}
