import { Module } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import { DATABASE } from '../../database/database.module.js';
import type { Database } from '../../database/database.js';
import { QuotaModule } from '../quota/quota.module.js';
import { AttachmentSigner } from './attachment-signer.js';
import { ATTACHMENT_STORAGE, type AttachmentStorage } from './attachment-storage.js';
import { AttachmentsController } from './attachments.controller.js';
import { AttachmentsRepository } from './attachments.repository.js';
import { AttachmentsService } from './attachments.service.js';
import { AttachmentsSweep } from './attachments.sweep.js';
import { DbAttachmentStorage } from './db-attachment-storage.js';
import { S3AttachmentStorage } from './s3-attachment-storage.js';

/** Files visitors attach to chat messages (issue #18): upload, download, expiry. */
@Module({
  imports: [QuotaModule],
  controllers: [AttachmentsController],
  providers: [
    AttachmentsService,
    AttachmentsRepository,
    AttachmentSigner,
    AttachmentsSweep,
    {
      provide: ATTACHMENT_STORAGE,
      inject: [APP_CONFIG, DATABASE],
      useFactory: (config: AppConfig, db: Database): AttachmentStorage =>
        config.attachments.s3 ? new S3AttachmentStorage(config.attachments.s3) : new DbAttachmentStorage(db),
    },
  ],
  exports: [AttachmentsService],
})
export class AttachmentsModule {}
