-- Author insights (issue #17): daily caps on a published workflow, per-turn
-- measurements for analytics, and indexes for the conversation log and the
-- retention job.

-- AlterTable
ALTER TABLE "Workflow" ADD COLUMN "messagesPerDay" INTEGER,
ADD COLUMN "llmTokensPerDay" INTEGER;

-- CreateTable
CREATE TABLE "ChatTurnStat" (
    "id" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ttftMs" INTEGER,
    "llmTokensIn" INTEGER NOT NULL DEFAULT 0,
    "llmTokensOut" INTEGER NOT NULL DEFAULT 0,
    "error" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "ChatTurnStat_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ChatTurnStat_workflowId_createdAt_idx" ON "ChatTurnStat"("workflowId", "createdAt");

-- CreateIndex
CREATE INDEX "ChatThread_workflowId_mode_createdAt_id_idx" ON "ChatThread"("workflowId", "mode", "createdAt", "id");

-- CreateIndex
CREATE INDEX "ChatThread_createdAt_idx" ON "ChatThread"("createdAt");

-- CreateIndex
CREATE INDEX "ChatFeedback_createdAt_idx" ON "ChatFeedback"("createdAt");

-- AddForeignKey
ALTER TABLE "ChatTurnStat" ADD CONSTRAINT "ChatTurnStat_workflowId_fkey" FOREIGN KEY ("workflowId") REFERENCES "Workflow"("id") ON DELETE CASCADE ON UPDATE CASCADE;
