-- Bytes in an object store outlive their rows: a conversation deleted by the
-- visitor, by retention or with its workflow takes its attachment rows along
-- (ON DELETE CASCADE), but not the objects. Every deleted row that was stored
-- in S3 leaves a note here, whatever deleted it, and the attachment sweep
-- removes those objects and then the notes.
CREATE TABLE "ChatAttachmentOrphan" (
    "id" TEXT NOT NULL,
    "deletedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChatAttachmentOrphan_pkey" PRIMARY KEY ("id")
);

CREATE FUNCTION "chat_attachment_orphan"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."storage" = 's3' THEN
    INSERT INTO "ChatAttachmentOrphan" ("id") VALUES (OLD."id") ON CONFLICT DO NOTHING;
  END IF;
  RETURN OLD;
END
$$;

CREATE TRIGGER "ChatAttachment_orphan" AFTER DELETE ON "ChatAttachment"
  FOR EACH ROW EXECUTE FUNCTION "chat_attachment_orphan"();
