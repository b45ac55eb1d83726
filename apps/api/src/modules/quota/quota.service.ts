import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode } from '@wfchat/contracts';
import { AppError } from '../../common/errors/app-error.js';
import { WorkflowAccessCache } from '../chat-access/workflow-access.cache.js';
import { Clock, msToNextUtcDay, utcDay } from './clock.js';
import type { QuotaCaps, QuotaKeys, QuotaStore } from './quota.store.js';

export const QUOTA_STORE = Symbol('QUOTA_STORE');

/** Counters outlive their day a little: the day is in the key, the expiry only cleans up. */
const TTL_MARGIN_MS = 3_600_000;

const keysOf = (workflowId: string, day: string): QuotaKeys => {
  // One hash tag, so both counters of a day live on the same Redis Cluster slot.
  const base = `wfchat:quota:{${workflowId}:${day}}`;
  return { messages: `${base}:m`, tokens: `${base}:t` };
};

const hasCap = (caps: QuotaCaps | undefined): caps is QuotaCaps =>
  !!caps && (caps.messagesPerDay !== null || caps.llmTokensPerDay !== null);

export interface QuotaUsage {
  date: string;
  messages: number;
  llmTokens: number;
}

/**
 * The author's daily caps on a published workflow (`messagesPerDay`,
 * `llmTokensPerDay`, UTC days), counted across instances through the quota
 * store. Only workflows with a cap pay for counting: one store call per
 * message and one per answered turn. The caps come from the access cache, so
 * a change applies at the next message on every instance.
 */
@Injectable()
export class QuotaService {
  constructor(
    @Inject(QUOTA_STORE) private readonly store: QuotaStore,
    private readonly access: WorkflowAccessCache,
    private readonly clock: Clock,
  ) {}

  /** Counts a visitor's message; 429 `workflow.quota_exceeded` until the next UTC day once a cap is reached. */
  async admitMessage(workflowId: string): Promise<void> {
    const caps = (await this.access.get(workflowId))?.limits;
    if (!hasCap(caps)) return;
    const now = this.clock.now();
    const refusal = await this.store.admit(keysOf(workflowId, utcDay(now)), caps, msToNextUtcDay(now) + TTL_MARGIN_MS);
    if (!refusal) return;
    const waitSeconds = Math.ceil(msToNextUtcDay(now) / 1000);
    throw new AppError(
      429,
      ErrorCode.WorkflowQuotaExceeded,
      'This chat has answered all the messages it can for today. Come back tomorrow.',
      { 'Retry-After': String(waitSeconds) },
    );
  }

  /** Adds an answered turn's LLM tokens to today's count, when the workflow caps them. */
  async addTokens(workflowId: string, tokens: number): Promise<void> {
    if (tokens <= 0) return;
    const caps = (await this.access.get(workflowId))?.limits;
    if (caps?.llmTokensPerDay == null) return;
    const now = this.clock.now();
    await this.store.addTokens(keysOf(workflowId, utcDay(now)), tokens, msToNextUtcDay(now) + TTL_MARGIN_MS);
  }

  /** Today's counts as enforced (zero while no cap is set: nothing is counted then). */
  async usage(workflowId: string): Promise<QuotaUsage> {
    const date = utcDay(this.clock.now());
    const { messages, tokens } = await this.store.read(keysOf(workflowId, date));
    return { date, messages, llmTokens: tokens };
  }
}
