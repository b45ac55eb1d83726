import { ZAttachment, type TAttachment, type TWorkflowDefinitionInput } from '@wfchat/contracts';
import type { chatkitClient } from './chatkit.js';

/** A real 1×1 PNG. */
export const PNG_1PX = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
export const PDF_MIN = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

/** An llm workflow whose chat takes attachments (the stub LLM answers). */
export const attachmentsLlmDefinition = (
  attachments: Record<string, unknown> = { enabled: true },
): TWorkflowDefinitionInput => ({
  v: 1,
  chat: { attachments },
  nodes: [
    { id: 'l', type: 'llm', config: {} },
    { id: 'r', type: 'reply', config: {} },
  ],
  edges: [{ source: 'l', target: 'r' }],
});

/** A template workflow that names the files it got. */
export const attachmentsTemplateDefinition: TWorkflowDefinitionInput = {
  v: 1,
  chat: { attachments: { enabled: true } },
  nodes: [
    { id: 't', type: 'template', config: { template: 'Files: {{attachments}}; text: {{input}}' } },
    { id: 'r', type: 'reply', config: {} },
  ],
  edges: [{ source: 't', target: 'r' }],
};

export const withFiles = (text: string, attachments: string[]) => ({
  content: text ? [{ type: 'input_text', text }] : [],
  attachments,
  inference_options: {},
});

/** attachments.create, upload and download helpers against a running app. */
export function attachmentsClient(baseUrl: string, ck: ReturnType<typeof chatkitClient>) {
  async function create(token: string, params: { name: string; size: number; mime_type: string }) {
    return ck.call(token, 'attachments.create', params);
  }

  /** The path of an absolute URL the API built (its PUBLIC_BASE_URL may not be the test server's). */
  const local = (url: string) => {
    const u = new URL(url);
    return `${baseUrl}${u.pathname}${u.search}`;
  };

  function put(token: string | undefined, attachment: TAttachment, body: BodyInit, contentType = 'application/octet-stream') {
    return fetch(local(attachment.upload_url!), {
      method: 'PUT',
      headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
      duplex: 'half',
    } as RequestInit);
  }

  /** create + PUT; both must succeed; the uploaded attachment, validated against the contract. */
  async function uploaded(token: string, name: string, mime: string, bytes: Buffer): Promise<TAttachment> {
    const created = await create(token, { name, size: bytes.length, mime_type: mime });
    if (created.status !== 200) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
    const attachment = ZAttachment.parse(created.body);
    const res = await put(token, attachment, bytes, mime);
    if (res.status !== 200) throw new Error(`upload: ${res.status} ${await res.text()}`);
    return ZAttachment.parse(await res.json());
  }

  function download(token: string | undefined, id: string) {
    return fetch(`${baseUrl}/api/chatkit/attachments/${id}/content`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  }

  return { create, put, uploaded, download, local };
}
