// One constructable stylesheet, adopted by the panel's shadow root: no <style> element and no
// style attribute, so a CSP with `style-src 'self'` allows it. Colours keep a contrast of at
// least 4.5:1 against their background.
const css = `
:host { all: initial; }
.panel { position: fixed; right: 12px; bottom: 12px; z-index: 2147483647; box-sizing: border-box;
  width: 340px; max-width: calc(100vw - 24px); max-height: 70vh; overflow: auto; padding: 10px 12px;
  font: 12px/1.4 system-ui, sans-serif; color: #f3f4f6; background: #1c1f2a; border: 1px solid #4b5165;
  border-radius: 8px; box-shadow: 0 4px 16px rgba(0,0,0,.35); }
header { display: flex; align-items: center; gap: 8px; }
h2 { flex: 1; margin: 0; font-size: 13px; }
h3 { margin: 10px 0 4px; font-size: 12px; color: #c9cdd8; }
p, dl, dd, ol { margin: 0; padding: 0; }
button { font: inherit; color: #fff; background: #2f5fd0; border: 1px solid #7a9cf0; border-radius: 4px;
  padding: 3px 9px; cursor: pointer; }
button:hover { background: #244cad; }
button:disabled { color: #c9cdd8; background: #3a3f4f; border-color: #5b6175; cursor: default; }
button:focus-visible { outline: 2px solid #ffd166; outline-offset: 2px; }
.badge { padding: 1px 6px; border-radius: 9px; color: #1c1f2a; background: #c9cdd8; }
.badge.sending { background: #9cc2ff; }
.badge.retrying, .badge.offline { background: #ffd166; }
.identity { display: flex; gap: 10px; align-items: center; margin: 10px 0; }
.avatar { flex: none; display: grid; place-items: center; width: 36px; height: 36px; border-radius: 50%;
  object-fit: cover; color: #1c1f2a; background: #9cc2ff; font-weight: 700; }
.name { font-weight: 600; }
.id, .companies, .detail, time, .empty { color: #c9cdd8; overflow-wrap: anywhere; }
.identity.empty { display: block; }
dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; }
dt { color: #c9cdd8; }
dd { overflow-wrap: anywhere; }
.actions { display: flex; gap: 6px; margin-top: 10px; }
.notice { min-height: 1em; margin-top: 4px; color: #8ee6a8; }
.log { list-style: none; }
.log li { padding: 4px 0; border-top: 1px solid #353a4b; }
.log .detail { display: block; }
.log .ok strong { color: #8ee6a8; }
.log .error strong { color: #ffa3a3; }
`;

let sheet: CSSStyleSheet | undefined;

/** @returns the panel's stylesheet, built once per page */
const styles = () => {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
  }
  return sheet;
};

/**
 * Gives the panel's shadow root its styles: the constructable stylesheet or, in browsers without
 * one (Safari before 16.4, where `new CSSStyleSheet()` throws), a `<style>` element. A CSP without
 * `'unsafe-inline'` in `style-src` blocks that element: the panel then works, unstyled.
 * @param root - the panel's shadow root
 */
export function adoptStyles(root: ShadowRoot): void {
  if ('adoptedStyleSheets' in ShadowRoot.prototype && 'replaceSync' in CSSStyleSheet.prototype) {
    root.adoptedStyleSheets = [styles()];
  } else {
    const style = document.createElement('style');
    style.textContent = css;
    root.append(style);
  }
}
