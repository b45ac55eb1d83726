import { Injectable } from '@nestjs/common';
import { INSIGHTS_LIMITS, type TStatsQuery, type TStatsResponse } from '@wfchat/contracts';
import type { AuthUser } from '../../common/auth/auth-context.js';
import { Errors } from '../../common/errors/app-error.js';
import { Clock, utcDay } from '../quota/clock.js';
import { QuotaService } from '../quota/quota.service.js';
import { TurnStats } from '../turn-stats/turn-stats.service.js';
import { WorkflowsService } from '../workflows/workflows.service.js';
import { InsightsRepository } from './insights.repository.js';

const DAY_MS = 86_400_000;
const addDays = (day: string, n: number) => utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS));
const daysBetween = (from: string, to: string) =>
  (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS;

/** Per-day analytics of a published workflow's visitor chats, and today's usage against its caps. */
@Injectable()
export class StatsService {
  constructor(
    private readonly repo: InsightsRepository,
    private readonly workflows: WorkflowsService,
    private readonly quota: QuotaService,
    private readonly clock: Clock,
    private readonly turns: TurnStats,
  ) {}

  async stats(user: AuthUser, workflowId: string, query: TStatsQuery): Promise<TStatsResponse> {
    const w = await this.workflows.getOwned(user, workflowId);
    const to =
      query.to ?? (query.from ? addDays(query.from, INSIGHTS_LIMITS.statsDaysDefault - 1) : utcDay(this.clock.now()));
    const from = query.from ?? addDays(to, -(INSIGHTS_LIMITS.statsDaysDefault - 1));
    if (daysBetween(from, to) >= INSIGHTS_LIMITS.statsDays) {
      throw Errors.invalid(`Choose at most ${INSIGHTS_LIMITS.statsDays} days at a time.`, [
        { path: 'from', message: `more than ${INSIGHTS_LIMITS.statsDays} days before to` },
      ]);
    }
    // This instance's latest turns wait in a batch: written first, they count at once.
    await this.turns.flush();
    const [days, usage] = await Promise.all([this.repo.stats(workflowId, from, to), this.quota.usage(workflowId)]);
    return {
      days,
      usage: { ...usage, messagesPerDay: w.messagesPerDay, llmTokensPerDay: w.llmTokensPerDay },
    };
  }
}
