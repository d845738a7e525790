/** Attributes for {@link h}: strings become attributes, `on*` functions become listeners. */
export type Attributes = Record<string, string | boolean | undefined | ((event: Event) => void)>;

/**
 * Create an element. Text goes in through `textContent` only, never `innerHTML`, so nothing the
 * provider or the API sends can become markup.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Array<Node | string | false | undefined>
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else if (typeof value === 'string') element.setAttribute(name, value);
  }
  for (const child of children) {
    if (child !== false && child !== undefined) element.append(child);
  }
  return element;
}
