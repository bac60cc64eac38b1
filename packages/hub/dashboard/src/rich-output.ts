/** A display output as the run panel shows it. */
export type OutputView = { kind: 'png'; src: string } | { kind: 'html'; html: string } | { kind: 'text'; text: string };

/** Base64 of a PNG file: the PNG signature's base64 prefix, then base64 characters only. */
const PNG_BASE64 = /^iVBORw0KGgo[A-Za-z0-9+/]*={0,2}$/;

/**
 * How to show one MIME bundle: a PNG as a `data:` image (only when its data is base64 of a PNG), else HTML
 * (rendered through {@link sanitizedHtml}), else its `text/plain`; `null` when it has none of them.
 *
 * @example
 * ```ts
 * viewOf({ 'image/png': 'iVBORw0KGgo…', 'text/plain': '<Figure 1>' }); // { kind: 'png', src: 'data:image/png;base64,iVBOR…' }
 * ```
 */
export function viewOf(bundle: Record<string, unknown>): OutputView | null {
  const png = bundle['image/png'];
  if (typeof png === 'string' && PNG_BASE64.test(png)) return { kind: 'png', src: `data:image/png;base64,${png}` };
  const html = bundle['text/html'];
  if (typeof html === 'string') return { kind: 'html', html };
  const text = bundle['text/plain'];
  if (typeof text === 'string') return { kind: 'text', text };
  return null;
}

/** Elements kept from a display's HTML (no attributes are kept at all). */
export const SAFE_HTML_TAGS = new Set([
  'b',
  'i',
  'em',
  'strong',
  'code',
  'pre',
  'p',
  'br',
  'span',
  'div',
  'ul',
  'ol',
  'li',
  'h1',
  'h2',
  'h3',
  'h4',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  'caption',
  'hr',
  'small',
  'sub',
  'sup',
]);

/** Elements dropped with their content. */
const DROPPED = new Set(['script', 'style', 'iframe', 'object', 'embed', 'template', 'noscript', 'svg', 'math']);

/**
 * A display's HTML as safe DOM nodes: parsed inertly (`DOMParser`, nothing runs), rebuilt with only the tags of
 * {@link SAFE_HTML_TAGS} and no attributes (so no script, handler, link or style gets in); other elements are
 * replaced by their content, scripts and styles dropped with theirs.
 */
export function sanitizedHtml(html: string): Node[] {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const copy = (node: Node): Node[] => {
    if (node.nodeType === Node.TEXT_NODE) return [document.createTextNode(node.textContent ?? '')];
    if (node.nodeType !== Node.ELEMENT_NODE) return [];
    const tag = (node as Element).tagName.toLowerCase();
    if (DROPPED.has(tag)) return [];
    const children = [...node.childNodes].flatMap(copy);
    if (!SAFE_HTML_TAGS.has(tag)) return children;
    const el = document.createElement(tag);
    el.append(...children);
    return [el];
  };
  return [...doc.body.childNodes].flatMap(copy);
}
