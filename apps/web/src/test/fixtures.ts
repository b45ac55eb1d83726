import type { TPublishState, TWorkflow } from '@wfchat/contracts';
import { defaultDefinition } from '@wfchat/contracts';

export const privatePublish: TPublishState = {
  isPublic: false,
  requireLogin: false,
  publishedAt: null,
  publishedBy: null,
  publishTokenRotatedAt: null,
  publishedVersion: null,
  tokenHint: null,
  shareUrl: null,
};

export function workflowFixture(overrides: Partial<TWorkflow> = {}): TWorkflow {
  return {
    id: 'wf_1',
    name: 'Support bot',
    description: 'Answers questions',
    version: 3,
    latestVersion: 2,
    definition: defaultDefinition(),
    createdAt: '2025-01-01T10:00:00.000Z',
    updatedAt: '2025-01-02T10:00:00.000Z',
    publish: privatePublish,
    ...overrides,
  };
}

export function publishedFixture(overrides: Partial<TPublishState> = {}): TWorkflow {
  return workflowFixture({
    publish: {
      isPublic: true,
      requireLogin: false,
      publishedAt: '2025-01-03T10:00:00.000Z',
      publishedBy: { id: 'u1', email: 'owner@example.com', name: null },
      publishTokenRotatedAt: null,
      publishedVersion: 2,
      tokenHint: 'AbCd',
      shareUrl: 'http://localhost/chat/wf_1',
      ...overrides,
    },
  });
}
