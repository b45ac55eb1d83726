import type { TAuditEvent, TPublishResponse, TWorkflow } from '@wfchat/contracts';
import { keyValues, shortTime, table, type Colors } from '../output.js';

export function statusOf(w: TWorkflow, c: Colors): string {
  if (!w.publish.isPublic) return c.dim('private');
  return c.green(w.publish.requireLogin ? 'published (sign-in)' : 'published');
}

export function workflowTable(workflows: TWorkflow[], c: Colors): string {
  return table(
    ['ID', 'NAME', 'STATUS', 'VERSION', 'UPDATED'],
    workflows.map((w) => [
      w.id,
      w.name,
      statusOf(w, c),
      w.publish.publishedVersion !== null
        ? `v${w.publish.publishedVersion} of ${w.latestVersion}`
        : `v${w.latestVersion}`,
      shortTime(w.updatedAt),
    ]),
    c,
  );
}

export function workflowDetails(w: TWorkflow, c: Colors): string {
  const p = w.publish;
  const pairs: [string, string][] = [
    ['ID', w.id],
    ['Name', c.bold(w.name)],
    ['Description', w.description || c.dim('-')],
    ['Latest version', `v${w.latestVersion}`],
    ['Created', shortTime(w.createdAt)],
    ['Updated', shortTime(w.updatedAt)],
    ['Status', statusOf(w, c)],
  ];
  if (p.isPublic) {
    pairs.push(
      ['Published version', p.publishedVersion === null ? '-' : `v${p.publishedVersion}`],
      ['Sign-in required', p.requireLogin ? 'yes' : 'no'],
      ['Published', `${shortTime(p.publishedAt)}${p.publishedBy ? ` by ${p.publishedBy.email}` : ''}`],
      ['Token rotated', shortTime(p.publishTokenRotatedAt)],
      ['Token hint', p.tokenHint ?? '-'],
      ['Share URL', `${p.shareUrl ?? '-'} ${c.dim('(without the token)')}`],
    );
  }
  return keyValues(pairs, c);
}

/** The only place the publish token is ever printed, with the warning that goes with it. */
export function secretBlock(res: TPublishResponse, c: Colors): string {
  return (
    keyValues(
      [
        ['Share URL', c.cyan(res.shareUrl)],
        ['Publish token', res.publishToken],
      ],
      c,
    ) + `\n${c.yellow('!')} ${ONCE_WARNING}\n`
  );
}

export const ONCE_WARNING = 'Store it now; it will not be shown again. Anyone with this link can open the chat.';

export function audience(w: TWorkflow): string {
  return w.publish.requireLogin ? 'visitors must sign in' : 'anyone with the link can chat';
}

export function auditTable(events: TAuditEvent[], c: Colors): string {
  return table(
    ['TIME', 'ACTION', 'ACTOR', 'TOKEN', 'DETAILS'],
    events.map((e) => [
      shortTime(e.createdAt),
      e.action,
      e.actor?.email ?? '-',
      e.tokenHint ?? '-',
      e.details && Object.keys(e.details).length > 0 ? JSON.stringify(e.details) : '',
    ]),
    c,
  );
}
