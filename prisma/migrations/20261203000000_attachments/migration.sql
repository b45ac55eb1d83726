-- CreateTable
CREATE TABLE "ChatAttachment" (
    "id" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "principal" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "declaredSize" INTEGER NOT NULL,
    "maxSize" INTEGER NOT NULL,
    "size" INTEGER,
    "storage" TEXT NOT NULL,
    "uploadedAt" TIMESTAMP(3),
    "threadId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChatAttachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChatAttachmentChunk" (
    "attachmentId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "ChatAttachmentChunk_pkey" PRIMARY KEY ("attachmentId","seq")
);

-- CreateIndex
CREATE INDEX "ChatAttachment_workflowId_principal_mode_createdAt_idx" ON "ChatAttachment"("workflowId", "principal", "mode", "createdAt");

-- CreateIndex
CREATE INDEX "ChatAttachment_threadId_idx" ON "ChatAttachment"("threadId");

-- CreateIndex
CREATE INDEX "ChatAttachment_createdAt_idx" ON "ChatAttachment"("createdAt");

-- AddForeignKey
ALTER TABLE "ChatAttachment" ADD CONSTRAINT "ChatAttachment_workflowId_fkey" FOREIGN KEY ("workflowId") REFERENCES "Workflow"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChatAttachment" ADD CONSTRAINT "ChatAttachment_threadId_fkey" FOREIGN KEY ("threadId") REFERENCES "ChatThread"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChatAttachmentChunk" ADD CONSTRAINT "ChatAttachmentChunk_attachmentId_fkey" FOREIGN KEY ("attachmentId") REFERENCES "ChatAttachment"("id") ON DELETE CASCADE ON UPDATE CASCADE;
