import type { TTemplateNode } from '@wfchat/contracts';
import { renderTemplate, type TemplateScope } from './runtime.template.js';

export function runTemplateNode(node: TTemplateNode, scope: TemplateScope): string {
  return renderTemplate(node.config.template, scope);
}
