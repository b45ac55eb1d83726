const SVG_NS = 'http://www.w3.org/2000/svg';

/** A thumb, drawn for this element: cuff on the left, thumb pointing up. */
const THUMB = 'M2 10h4v11H2z M8 21h9.5a2 2 0 0 0 2-1.6l1.4-7A2 2 0 0 0 19 10h-5l1-5a2 2 0 0 0-3.7-1.2L8 10z';

/**
 * Inline SVG icons for the feedback buttons: emoji need a colour-emoji font,
 * which many machines (and every headless browser here) lack.
 */
export function thumbIcon(doc: Document, direction: 'up' | 'down'): SVGSVGElement {
  const svg = doc.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = doc.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', THUMB);
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '1.8');
  path.setAttribute('stroke-linejoin', 'round');
  if (direction === 'down') path.setAttribute('transform', 'rotate(180 12 12)');
  svg.appendChild(path);
  return svg;
}
