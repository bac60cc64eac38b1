/** Attributes and properties of {@link h}: strings become attributes, `on*` functions listeners. */
export type Props = Record<string, string | number | boolean | ((ev: Event) => void) | undefined>;

/** A child of {@link h}: a node, text, or nothing. */
export type Child = Node | string | null | undefined | false;

/**
 * Creates an element: `h('button', { type: 'button', onclick: fn }, 'Stop')`. Text children are text
 * nodes (never HTML), so log lines and labels cannot inject markup.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) el.append(child);
  return el;
}

/** Replaces an element's children. */
export function replaceChildren(el: Element, ...children: Child[]): void {
  el.replaceChildren(...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
}

/** Finds an element by selector or throws (the page's own markup). */
export function must<T extends Element>(root: ParentNode, selector: string): T {
  const el = root.querySelector<T>(selector);
  if (el === null) throw new Error(`missing ${selector}`);
  return el;
}
