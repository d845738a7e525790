/**
 * The freedesktop.org desktop entry that makes Linux hand `<scheme>:` URLs to the app
 * (RFC 8252 §7.1 on Linux: x-scheme-handler MIME types). `%u` passes the URL as one argument,
 * which the app's redirect intake then accepts. The command line comes from {@link execLine}.
 *
 * @see https://specifications.freedesktop.org/desktop-entry-spec/latest/
 */
export function desktopEntry(options: { scheme: string; name: string; exec: readonly string[] }): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${options.name}`,
    `Exec=${execLine(options.exec)} %u`,
    'NoDisplay=true',
    `MimeType=x-scheme-handler/${options.scheme};`,
    '',
  ].join('\n');
}

/**
 * The value of an `Exec` key that runs `argv`, written so that every opener reads it back as
 * `argv`. An argument is quoted only when the spec requires it (it is empty or holds a reserved
 * character), because xdg-open's generic handler, which runs when it detects no desktop
 * environment, splits the line on spaces and keeps the quotes: `"/path/electron"` is then run with
 * its quotes and fails with "Permission denied"; gio (GNOME) undoes quoting as the spec says. So a
 * path with a reserved character, a space for instance, still works with gio but not with
 * xdg-open's generic handler: there, move the checkout or use the loopback redirect. The same
 * holds for `%`, which the spec requires as `%%` and the generic handler passes on doubled.
 *
 * Per the spec's Exec key section: inside quotes `"`, `` ` ``, `$` and `\` take a backslash; a
 * literal `%` is `%%` (it would start a field code); and the string escapes (`\\`, `\t`, `\n`,
 * `\r`) apply on top, since readers undo them before the quoting.
 *
 * @see https://specifications.freedesktop.org/desktop-entry-spec/latest/exec-variables.html
 */
export function execLine(argv: readonly string[]): string {
  return escapeString(argv.map(execArgument).join(' '));
}

/** The spec's reserved characters: an argument holding one must be quoted. */
const RESERVED = /[ \t\n"'\\><~|&;$*?#()`]/;

function execArgument(argument: string): string {
  const quoted =
    argument === '' || RESERVED.test(argument) ? `"${argument.replace(/["`$\\]/g, '\\$&')}"` : argument;
  return quoted.replace(/%/g, '%%');
}

/** The escapes of a desktop entry value of type string (spec, "Possible value types"). */
function escapeString(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (character) => STRING_ESCAPES[character] ?? character);
}

const STRING_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
};
