/**
 * The upload half of a fake attachment server: `attachments.create` answers
 * through the FakeChatKitApi; the bytes then go to `upload_url`, which this
 * records, answers, and reports progress for (as progress-fetch would).
 */
import type { UploadInit } from '../protocol/chatkit-client.js';
import { type FakeChatKitApi, jsonResponse, userMessage } from './fake-chatkit-api.js';

export interface RecordedUpload {
  url: string;
  method: string;
  headers: Headers;
  body: Blob;
}

export const UPLOAD_BASE = '/api/chatkit/attachments/';

export class FakeUploads {
  readonly uploads: RecordedUpload[] = [];
  /** Answers an upload; the default accepts it. Tests replace it to refuse or to hold an upload. */
  answer: (upload: RecordedUpload, init: UploadInit) => Response | Promise<Response> = () => new Response(null, { status: 204 });
  private next = 0;

  constructor(readonly api: FakeChatKitApi) {
    api.on('attachments.create', (call) => {
      const { name, mime_type: mime } = call.params as { name: string; mime_type: string };
      const id = `att_${(this.next += 1)}`;
      const base = { id, name, mime_type: mime, upload_url: `${UPLOAD_BASE}${id}/content` };
      return jsonResponse(mime.startsWith('image/') ? { ...base, type: 'image', preview_url: `${UPLOAD_BASE}${id}/preview` } : { ...base, type: 'file' });
    });
    api.on('attachments.delete', () => jsonResponse({}));
  }

  /** The `api.fetch` to give the element: uploads here, protocol calls to the fake API. */
  readonly fetch = (input: RequestInfo | URL, init?: UploadInit): Promise<Response> => {
    const url = String(input);
    if (!url.startsWith(UPLOAD_BASE)) return this.api.fetch(input, init);
    const upload: RecordedUpload = { url, method: init?.method ?? 'GET', headers: new Headers(init?.headers), body: init?.body as Blob };
    this.uploads.push(upload);
    return Promise.resolve(this.answer(upload, init ?? {}));
  };

  /** The element options that use this fake for everything. */
  options(fetchOverride?: typeof fetch) {
    return { api: { url: '/api/chatkit', fetch: (fetchOverride ?? this.fetch) as typeof fetch, domainKey: 'test' } };
  }
}

export function imageAttachment(id: string, name: string) {
  return { id, name, mime_type: 'image/png', type: 'image', preview_url: `${UPLOAD_BASE}${id}/preview` };
}

export function fileAttachment(id: string, name: string, mime = 'application/pdf') {
  return { id, name, mime_type: mime, type: 'file' };
}

export function userMessageWithAttachments(id: string, threadId: string, text: string, attachments: unknown[]) {
  return { ...userMessage(id, threadId, text), attachments };
}
