import { fileTypeFromBuffer } from 'file-type';

/**
 * The types the server can recognise from the bytes themselves. Anything else
 * (SVG, HTML, archives...) is refused: a type we cannot check is a type a
 * visitor could lie about.
 */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
export const SNIFFABLE_TYPES: readonly string[] = [...IMAGE_TYPES, 'application/pdf', 'text/plain'];

/** Bytes looked at to decide the type: enough for every magic number file-type knows. */
export const SNIFF_BYTES = 4100;

export const isImageType = (mime: string) => (IMAGE_TYPES as readonly string[]).includes(mime);

/**
 * The effective allowed types of a workflow: the server's list narrowed by the
 * author's `accept` (where `image/*` stands for every image type).
 */
export function acceptedTypes(serverTypes: readonly string[], accept: readonly string[] | undefined): string[] {
  if (!accept) return [...serverTypes];
  const wanted = new Set(accept.flatMap((t) => (t === 'image/*' ? [...IMAGE_TYPES] : [t])));
  return serverTypes.filter((t) => wanted.has(t));
}

/**
 * What the first bytes of a file are, or null when none of the recognisable
 * types. Binary formats go by their magic number (file-type); plain text is
 * what is left when the head decodes as UTF-8 without control characters.
 */
export async function sniffType(head: Uint8Array): Promise<string | null> {
  const detected = await fileTypeFromBuffer(head);
  if (detected) return SNIFFABLE_TYPES.includes(detected.mime) ? detected.mime : null;
  return looksLikeText(head) ? 'text/plain' : null;
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;

function looksLikeText(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  // The head may end inside a multi-byte character: drop up to 3 trailing bytes of one.
  for (let cut = 0; cut <= Math.min(3, head.length - 1); cut += 1) {
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, head.length - cut));
      return !CONTROL.test(text);
    } catch {
      // try one byte shorter
    }
  }
  return false;
}
