-- CreateTable
CREATE TABLE "ShareLink" (
    "id" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'link',
    "tokenHash" TEXT NOT NULL,
    "tokenHint" TEXT NOT NULL,
    "allowedOrigins" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "generation" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "rotatedAt" TIMESTAMP(3),

    CONSTRAINT "ShareLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ShareLink_tokenHash_key" ON "ShareLink"("tokenHash");

-- CreateIndex
CREATE INDEX "ShareLink_workflowId_createdAt_idx" ON "ShareLink"("workflowId", "createdAt");

-- AddForeignKey
ALTER TABLE "ShareLink" ADD CONSTRAINT "ShareLink_workflowId_fkey" FOREIGN KEY ("workflowId") REFERENCES "Workflow"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every published workflow keeps its current token as its first link, so
-- links shared before this migration keep working.
INSERT INTO "ShareLink" ("id", "workflowId", "label", "kind", "tokenHash", "tokenHint", "createdAt", "rotatedAt")
SELECT 'lnk_' || substr(md5(random()::text || "id"), 1, 20), "id", 'Default link', 'link',
       "publishTokenHash", "publishTokenHint", COALESCE("publishedAt", CURRENT_TIMESTAMP), "publishTokenRotatedAt"
FROM "Workflow"
WHERE "isPublic" AND "publishTokenHash" IS NOT NULL;

-- DropIndex
DROP INDEX "Workflow_publishTokenHash_key";

-- AlterTable
ALTER TABLE "Workflow" DROP COLUMN "publishTokenHash",
DROP COLUMN "publishTokenHint",
DROP COLUMN "publishTokenRotatedAt";

-- AlterTable
ALTER TABLE "ChatThread" ADD COLUMN "linkId" TEXT;
