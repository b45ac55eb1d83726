import { noChange, type AttributePart } from 'lit-html';
import { Directive, directive, PartType, type PartInfo } from 'lit-html/directive.js';

/**
 * Sets CSS custom properties through the CSSOM on every render. lit's
 * `styleMap` writes its first render as a `style` attribute, which a page
 * whose CSP has no `'unsafe-inline'` for styles (ours) blocks.
 */
class CssVarsDirective extends Directive {
  private previous = new Set<string>();

  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.ATTRIBUTE || info.name !== 'style') throw new Error('cssVars() binds to style=');
  }

  render(_vars: Record<string, string>): unknown {
    return noChange;
  }

  override update(part: AttributePart, [vars]: [Record<string, string>]): unknown {
    const style = (part.element as HTMLElement).style;
    for (const name of this.previous) if (!(name in vars)) style.removeProperty(name);
    for (const [name, value] of Object.entries(vars)) style.setProperty(name, value);
    this.previous = new Set(Object.keys(vars));
    return noChange;
  }
}

export const cssVars = directive(CssVarsDirective);
