import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { demoDefinition } from '@wfchat/contracts';
import { newId } from '../../common/crypto/tokens.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import { PasswordHasher } from '../auth/password.hasher.js';
import { UsersRepository } from '../auth/users.repository.js';
import { PublishingService } from '../publishing/publishing.service.js';
import { ShareLinksService } from '../publishing/share-links.service.js';
import { WorkflowsRepository } from '../workflows/workflows.repository.js';
import { WorkflowsService } from '../workflows/workflows.service.js';

export interface DemoInfo {
  email: string;
  password: string;
  workflowId: string;
  shareUrl: string;
}

const FILE = 'demo.json';
export const DEMO_EMAIL = 'demo@wfchat.local';

/**
 * The newcomer's first minutes: on an empty embedded database, a demo account
 * and a published demo workflow. Its credentials and share link are kept in
 * DATA_DIR (mode 0600) so every start can print them; the password is random,
 * never a well-known default.
 */
@Injectable()
export class DemoSeedService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly workflows: WorkflowsService,
    private readonly workflowsRepo: WorkflowsRepository,
    private readonly publishing: PublishingService,
    private readonly links: ShareLinksService,
  ) {}

  private get file() {
    return path.join(this.config.dataDir, FILE);
  }

  /** Seeds once, on an empty embedded database; returns what to print, or null. */
  async ensure(): Promise<DemoInfo | null> {
    if (!this.config.seedDemo || this.config.databaseUrl) return null;
    if ((await this.users.count()) === 0) await this.seed();
    return this.current();
  }

  private async seed() {
    const password = randomBytes(9).toString('base64url');
    const user = await this.users.create({
      id: newId('usr'),
      email: DEMO_EMAIL,
      name: 'Demo',
      passwordHash: await this.hasher.hash(password),
    });
    const workflow = await this.workflows.create(user, {
      name: 'Demo FAQ',
      description: 'A small FAQ router: ask about pricing or opening hours.',
      definition: demoDefinition({ withLlm: this.config.llm !== undefined }) as unknown as Record<string, unknown>,
    });
    const { shareUrl } = await this.publishing.publish(user, workflow.id, {});
    const info: DemoInfo = { email: DEMO_EMAIL, password, workflowId: workflow.id, shareUrl };
    fs.mkdirSync(this.config.dataDir, { recursive: true });
    fs.writeFileSync(this.file, JSON.stringify(info, null, 2), { mode: 0o600 });
  }

  /** The stored demo details, as long as the link still works (not rotated or unpublished). */
  private async current(): Promise<DemoInfo | null> {
    if (!fs.existsSync(this.file)) return null;
    const info = JSON.parse(fs.readFileSync(this.file, 'utf8')) as DemoInfo;
    const token = new URL(info.shareUrl).hash.replace(/^#t=/, '');
    const workflow = await this.workflowsRepo.findById(info.workflowId);
    const link = await this.links.findByToken(token);
    const live = workflow?.isPublic && link?.workflowId === info.workflowId;
    // The base URL may differ from the seeding run (another PORT or PUBLIC_BASE_URL).
    const shareUrl = `${this.config.publicBaseUrl}/chat/${info.workflowId}#t=${token}`;
    return live ? { ...info, shareUrl } : { ...info, shareUrl: '' };
  }
}
