import { viewOf } from './rich-output.js';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('viewOf', () => {
  it('shows base64 PNG data as a data: image', () => {
    expect(viewOf({ 'image/png': PNG, 'text/plain': '<Figure 1>' })).toEqual({
      kind: 'png',
      src: `data:image/png;base64,${PNG}`,
    });
  });

  it('does not take image/png data that is not base64 of a PNG (falls back to HTML, then text)', () => {
    expect(viewOf({ 'image/png': `${PNG}"><script>`, 'text/plain': 'p' })).toEqual({ kind: 'text', text: 'p' });
    expect(viewOf({ 'image/png': 'R0lGODlhAQABAAAAACw=', 'text/html': '<b>x</b>' })).toEqual({
      kind: 'html',
      html: '<b>x</b>',
    });
  });

  it('returns null for a bundle with nothing it can show', () => {
    expect(viewOf({ 'application/json': '{}' })).toBeNull();
  });
});
