export type RichItems = typeof import('./rich-items.js');

let richItems: RichItems | null = null;
let loading: Promise<RichItems> | null = null;

/** The widget and workflow views: a chunk of their own, fetched the first time such an item arrives. */
export function loadRichItems(): Promise<RichItems> {
  loading ??= import('./rich-items.js').then((module) => (richItems = module));
  return loading;
}

export function loadedRichItems(): RichItems | null {
  return richItems;
}
