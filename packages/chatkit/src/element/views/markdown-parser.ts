import type { Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';

// micromark is a state machine: unclosed markers (while streaming) are plain
// text rather than a rescan. markdown-view.ts bounds what it is given.
const extensions = [gfm()];
const mdastExtensions = [gfmFromMarkdown()];

export function parseMarkdown(text: string): Root {
  return fromMarkdown(text, { extensions, mdastExtensions });
}
