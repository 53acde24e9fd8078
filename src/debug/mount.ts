import { h, render } from 'preact';
import { Panel } from './panel.js';
import { adoptStyles } from './styles.js';
import type { DebugApi } from './types.js';

// One panel per page: mounting again returns the same unmount.
let unmount: (() => void) | undefined;

/**
 * Renders the panel in a shadow root of its own element, appended to `document.body` (once the
 * body exists), so page CSS cannot reach in and the panel's CSS cannot leak out.
 * @param api - the SDK to show and drive
 * @returns a function that removes the panel
 */
export function mountPanel(api: DebugApi): () => void {
  if (unmount) return unmount;
  const host = document.createElement('featurebase-debug');
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root);
  render(h(Panel, { api }), root);
  const off = (unmount = () => {
    unmount = undefined;
    render(null, root);
    host.remove();
  });
  // Unless this panel was removed meanwhile.
  const attach = () => unmount == off && document.body.appendChild(host);
  if (document.body) attach();
  else document.addEventListener('DOMContentLoaded', attach, { once: true });
  return off;
}

/** Removes the panel, if shown. */
export const unmountPanel = () => unmount && unmount();
