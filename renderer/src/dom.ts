/** Attribute values for {@link h}: a string sets it, `true` sets it empty, false/undefined skip it. */
export type Attributes = Readonly<Record<string, string | boolean | undefined>>;

/** What {@link h} accepts as children: nodes, text (inserted as text, never parsed), or nothing. */
export type Child = Node | string | false | null | undefined;

/**
 * Create an element with attributes and children. Strings become text nodes, so nothing the
 * provider or the API sends can ever turn into markup (no `innerHTML` anywhere).
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: readonly Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) element.setAttribute(name, '');
    else if (typeof value === 'string') element.setAttribute(name, value);
  }
  element.append(...children.filter((child): child is Node | string => Boolean(child) || child === ''));
  return element;
}

/** A `<button type="button">` that calls `onPress` when activated. */
export function button(
  id: string,
  label: string,
  onPress: () => void,
  options: { readonly primary?: boolean; readonly busy?: boolean } = {},
): HTMLButtonElement {
  const element = h(
    'button',
    {
      id,
      type: 'button',
      class: options.primary ? 'button primary' : 'button',
      'aria-busy': options.busy ? 'true' : undefined,
    },
    label,
  );
  element.disabled = options.busy === true;
  element.addEventListener('click', onPress);
  return element;
}
