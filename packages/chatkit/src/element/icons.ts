import { svg, html, type TemplateResult } from 'lit-html';

/** A thumb, drawn for this element: cuff on the left, thumb pointing up. */
const THUMB = 'M2 10h4v11H2z M8 21h9.5a2 2 0 0 0 2-1.6l1.4-7A2 2 0 0 0 19 10h-5l1-5a2 2 0 0 0-3.7-1.2L8 10z';
/** Two overlapping sheets. */
const COPY = 'M8 8h11v13H8z M5 16H4V3h11v1';


/**
 * Inline SVG icons: emoji need a colour-emoji font, which many machines (and
 * every headless browser here) lack; the element never fetches icon files.
 */
export function thumbIcon(direction: 'up' | 'down'): TemplateResult {
  return icon(svg`<path d=${THUMB} transform=${direction === 'down' ? 'rotate(180 12 12)' : ''}></path>`);
}

export function copyIcon(): TemplateResult {
  return icon(svg`<path d=${COPY}></path>`);
}

export function icon(path: ReturnType<typeof svg>): TemplateResult {
  return html`<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round">${path}</svg>`;
}
