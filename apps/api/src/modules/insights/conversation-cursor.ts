/** Where a page of the conversation log ends: the (createdAt, id) of its last row, opaque to clients. */
export interface ConversationCursor {
  createdAt: string;
  id: string;
}

export function encodeCursor(c: ConversationCursor): string {
  return Buffer.from(`${c.createdAt}|${c.id}`, 'utf8').toString('base64url');
}

/** Null for anything that is not a cursor we made (the caller answers 400). */
export function decodeCursor(raw: string): ConversationCursor | null {
  const text = Buffer.from(raw, 'base64url').toString('utf8');
  const sep = text.indexOf('|');
  if (sep < 0) return null;
  const createdAt = text.slice(0, sep);
  const id = text.slice(sep + 1);
  const at = new Date(createdAt);
  if (!id || id.length > 100 || Number.isNaN(at.getTime()) || at.toISOString() !== createdAt) return null;
  return { createdAt, id };
}
