import type { TConversation, TStatsDay, TStatsResponse } from '@wfchat/contracts';
import { shortTime, table, type Colors } from '../output.js';

export function conversationTable(rows: TConversation[], c: Colors): string {
  return table(
    ['STARTED', 'VISITOR', 'MESSAGES', 'FEEDBACK', 'TITLE', 'ID'],
    rows.map((r) => [
      shortTime(r.createdAt),
      r.visitor.label,
      String(r.messages),
      `+${r.feedback.positive} -${r.feedback.negative}`,
      r.title ?? c.dim('(untitled)'),
      r.threadId,
    ]),
    c,
  );
}

const ms = (v: number | null) => (v === null ? '-' : `${v} ms`);

export function statsTable(days: TStatsDay[], c: Colors): string {
  return table(
    [
      'DATE',
      'CONVERSATIONS',
      'MESSAGES',
      'VISITORS',
      '+',
      '-',
      'ERRORS',
      'TTFT P50',
      'TTFT P95',
      'TOKENS IN',
      'TOKENS OUT',
    ],
    days.map((d) => [
      d.date,
      String(d.conversations),
      String(d.messages),
      String(d.visitors),
      String(d.positive),
      String(d.negative),
      String(d.errors),
      ms(d.ttftP50Ms),
      ms(d.ttftP95Ms),
      String(d.llmTokensIn),
      String(d.llmTokensOut),
    ]),
    c,
  );
}

export function usageLine(u: TStatsResponse['usage']): string {
  const part = (used: number, cap: number | null, what: string) =>
    cap === null ? `no ${what} cap` : `${used} of ${cap} ${what}`;
  return `Today (${u.date}, UTC): ${part(u.messages, u.messagesPerDay, 'messages')}, ${part(u.llmTokens, u.llmTokensPerDay, 'LLM tokens')}.\n`;
}
