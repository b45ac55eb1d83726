import { Inject, Injectable } from '@nestjs/common';
import { newId } from '../../common/crypto/tokens.js';
import { DATABASE } from '../../database/database.module.js';
import type { Database } from '../../database/database.js';

/** What an answered turn cost, for analytics (no content, no visitor). */
export interface TurnMeasurement {
  /** Time to first token, null when nothing was streamed. */
  ttftMs: number | null;
  llmTokensIn: number;
  llmTokensOut: number;
  /** The turn ended with an in-band error the visitor saw. */
  error: boolean;
}

/** One answered visitor turn, as the author's analytics count it. */
export interface TurnStat extends TurnMeasurement {
  workflowId: string;
  at: Date;
}

/**
 * Rows of turns, passed as text arrays (PostgreSQL and PGlite send them
 * alike). Turns of a workflow deleted meanwhile are left out, so that they
 * cannot fail the others' foreign key.
 */
const INSERT_TURNS = `
  INSERT INTO "ChatTurnStat" ("id", "workflowId", "createdAt", "ttftMs", "llmTokensIn", "llmTokensOut", "error")
  SELECT v."id", v."workflowId", (v."at"::timestamptz AT TIME ZONE 'UTC'), v."ttftMs"::int, v."in"::int, v."out"::int, v."error"::boolean
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
    AS v("id", "workflowId", "at", "ttftMs", "in", "out", "error")
  WHERE EXISTS (SELECT 1 FROM "Workflow" w WHERE w."id" = v."workflowId")`;

@Injectable()
export class TurnStatsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async insert(turns: TurnStat[]): Promise<void> {
    const column = <T>(f: (t: TurnStat) => T) => turns.map(f);
    await this.db.sql.prepared('turn_stats_insert', INSERT_TURNS, [
      column(() => newId('turn')),
      column((t) => t.workflowId),
      column((t) => t.at.toISOString()),
      column((t) => (t.ttftMs === null ? null : String(t.ttftMs))),
      column((t) => String(t.llmTokensIn)),
      column((t) => String(t.llmTokensOut)),
      column((t) => String(t.error)),
    ]);
  }
}
