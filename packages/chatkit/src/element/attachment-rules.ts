/** ChatKit's `composer.attachments` option (chatkit-js `ComposerOption`). */
export interface AttachmentsOption {
  enabled: boolean;
  /** MIME type (or `image/*` pattern) → file extensions, like `showOpenFilePicker`'s `accept`. Absent: anything. */
  accept?: Record<string, string[]>;
  /** Bytes; or per-MIME-pattern limits with `*` (or `''`) as the fallback. */
  maxSize?: number | Record<string, number>;
  maxCount?: number;
}

// ChatKit's documented defaults.
export const DEFAULT_MAX_COUNT = 10;
export const DEFAULT_MAX_SIZE = 100 * 1024 * 1024;

export type RejectReason = 'tooLarge' | 'unsupportedType';

/** Why the composer refuses `file` before uploading anything, or null when it may go. */
export function rejectReason(file: { name: string; type: string; size: number }, option: AttachmentsOption): RejectReason | null {
  if (!isAccepted(file, option.accept)) return 'unsupportedType';
  if (file.size > maxSizeFor(file.type, option.maxSize)) return 'tooLarge';
  return null;
}

export function maxSizeFor(mime: string, maxSize: AttachmentsOption['maxSize']): number {
  if (typeof maxSize === 'number' || !maxSize) return maxSize || DEFAULT_MAX_SIZE;
  const match = Object.keys(maxSize).find((pattern) => pattern && pattern !== '*' && mimeMatches(mime, pattern));
  return maxSize[match ?? '*'] ?? maxSize[''] ?? DEFAULT_MAX_SIZE;
}

function isAccepted(file: { name: string; type: string }, accept: AttachmentsOption['accept']): boolean {
  if (!accept || Object.keys(accept).length === 0) return true;
  const name = file.name.toLowerCase();
  return Object.entries(accept).some(
    ([pattern, extensions]) =>
      (file.type !== '' && mimeMatches(file.type, pattern)) || extensions.some((ext) => name.endsWith(ext.toLowerCase())),
  );
}

function mimeMatches(mime: string, pattern: string): boolean {
  const [type, subtype] = pattern.toLowerCase().split('/');
  const [fileType, fileSubtype] = mime.toLowerCase().split(';')[0]!.trim().split('/');
  return type === fileType && (subtype === '*' || subtype === fileSubtype);
}

/** The file picker's `accept` attribute: every pattern and extension. */
export function acceptAttribute(accept: AttachmentsOption['accept']): string | undefined {
  if (!accept) return undefined;
  const parts = Object.entries(accept).flatMap(([mime, extensions]) => [mime, ...extensions]);
  return parts.length ? parts.join(',') : undefined;
}

/** `10485760` → `10 MB`, in the chat's language. */
export function formatBytes(bytes: number, locale?: string): string {
  const mb = bytes >= 1024 * 1024;
  const unit = mb ? 'megabyte' : 'kilobyte';
  const value = bytes / (mb ? 1024 * 1024 : 1024);
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
}
