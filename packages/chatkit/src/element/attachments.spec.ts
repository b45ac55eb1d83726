import { afterEach, describe, expect, it, vi } from 'vitest';
import { answerEvents, FakeChatKitApi, jsonResponse, sseResponse, thread } from '../test/fake-chatkit-api.js';
import { fileAttachment, FakeUploads, imageAttachment, UPLOAD_BASE, userMessageWithAttachments } from '../test/fake-uploads.js';
import { cleanupElements, mountElement } from '../test/mount-element.js';
import type { AttachmentsOption } from './attachment-rules.js';

afterEach(cleanupElements);

const MB = 1024 * 1024;
const ENABLED: AttachmentsOption = { enabled: true, accept: { 'image/*': [], 'application/pdf': [], 'text/plain': [] }, maxSize: 10 * MB, maxCount: 3 };

function file(name: string, type: string, size = 2048): File {
  const f = new File([new Uint8Array(Math.min(size, 4096))], name, { type });
  // A large file without allocating it: only `size` is read before upload.
  if (size > 4096) Object.defineProperty(f, 'size', { value: size });
  return f;
}

function mountWithAttachments(attachments: AttachmentsOption | null = ENABLED, extra: Record<string, unknown> = {}) {
  const api = new FakeChatKitApi();
  const uploads = new FakeUploads(api);
  const mounted = mountElement(api);
  mounted.el.setOptions({ ...uploads.options(), ...(attachments ? { composer: { attachments } } : {}), ...extra });
  const pick = (...files: File[]) => {
    const input = mounted.$<HTMLInputElement>('.file-input')!;
    Object.defineProperty(input, 'files', { value: files, configurable: true });
    input.dispatchEvent(new Event('change'));
  };
  return { ...mounted, api, uploads, pick };
}

describe('<openai-chatkit> built-in: attach button', () => {
  it('is absent unless composer.attachments.enabled', () => {
    expect(mountWithAttachments(null).$('.attach')).toBeNull();
    cleanupElements();
    expect(mountWithAttachments({ enabled: false }).$('.attach')).toBeNull();
  });

  it('is a labelled button that opens a file input limited to the accepted types', () => {
    const { $ } = mountWithAttachments();
    const button = $<HTMLButtonElement>('.attach')!;
    expect(button.tagName).toBe('BUTTON');
    expect(button.getAttribute('aria-label')).toBe('Attach files');
    const input = $<HTMLInputElement>('.file-input')!;
    expect(input.getAttribute('accept')).toBe('image/*,application/pdf,text/plain');
    expect(input.multiple).toBe(true);
    const opened = vi.spyOn(input, 'click');
    button.click();
    expect(opened).toHaveBeenCalled();
  });

  it('speaks the language of the chat', async () => {
    const { $ } = mountWithAttachments(ENABLED, { locale: 'de' });
    await vi.waitFor(() => expect($('.attach')?.getAttribute('aria-label')).toBe('Dateien anhängen'));
  });
});

describe('<openai-chatkit> built-in: uploading', () => {
  it('creates the attachment, uploads the bytes with progress, previews the image and sends its id', async () => {
    const { $, $$, api, uploads, pick, type, press } = mountWithAttachments();
    let progress: ((loaded: number, total: number) => void) | undefined;
    let finish!: () => void;
    uploads.answer = (_upload, init) =>
      new Promise((resolve) => {
        progress = init.onUploadProgress;
        finish = () => resolve(new Response(null, { status: 204 }));
      });
    const photo = file('screenshot.png', 'image/png', 3000);
    pick(photo);

    await vi.waitFor(() => expect(uploads.uploads).toHaveLength(1));
    expect(api.callsOf('attachments.create')[0]?.params).toEqual({ name: 'screenshot.png', size: 3000, mime_type: 'image/png' });
    const upload = uploads.uploads[0]!;
    expect(upload).toMatchObject({ url: `${UPLOAD_BASE}att_1/content`, method: 'PUT' });
    expect(upload.headers.get('Content-Type')).toBe('image/png');
    expect(upload.body).toBe(photo);

    // Progress shows while the bytes go out; sending waits for them.
    progress!(1500, 3000);
    await vi.waitFor(() => expect($<HTMLProgressElement>('.att-progress')?.value).toBe(0.5));
    expect($('.att-progress')?.getAttribute('aria-label')).toBe('Uploading screenshot.png…');
    expect($<HTMLImageElement>('.att-tray img.att-thumb')?.getAttribute('alt')).toBe('screenshot.png');
    expect($<HTMLImageElement>('.att-tray img.att-thumb')?.src).toMatch(/^blob:/);
    type('What is this error?');
    press('Enter');
    expect($('.error p')?.textContent).toBe('Wait until your files have finished uploading, then send.');
    expect(api.callsOf('threads.create')).toHaveLength(0);
    expect($<HTMLTextAreaElement>('textarea')!.value).toBe('What is this error?');

    finish();
    await vi.waitFor(() => expect($('.att-progress')).toBeNull());
    expect($('.sr-only[role="status"]')?.textContent).toBe('screenshot.png attached.');

    const sent = userMessageWithAttachments('msg_u1', 'thr_1', 'What is this error?', [imageAttachment('att_1', 'screenshot.png')]);
    api.on('threads.create', () =>
      sseResponse([{ type: 'thread.created', thread: thread('thr_1') }, { type: 'thread.item.done', item: sent }, ...answerEvents('thr_1', 'msg_u1', 'What is this error?', 'msg_a1', ['I received 1 image.']).slice(1)]),
    );
    press('Enter');
    await vi.waitFor(() => expect($$('.msg.assistant')).toHaveLength(1));
    const input = api.callsOf('threads.create')[0]?.params.input as { attachments: string[]; content: unknown[] };
    expect(input.attachments).toEqual(['att_1']);
    expect(input.content).toEqual([{ type: 'input_text', text: 'What is this error?' }]);
    // The sent message shows the server's preview; the composer is empty again.
    expect($<HTMLImageElement>('.msg.user img.att-thumb')?.getAttribute('src')).toBe(`${UPLOAD_BASE}att_1/preview`);
    expect($('.att-tray')).toBeNull();
  });

  it('sends a message of attachments alone', async () => {
    const { $$, api, pick, press } = mountWithAttachments();
    api.on('threads.create', () => sseResponse([{ type: 'thread.created', thread: thread('thr_1') }]));
    pick(file('invoice.pdf', 'application/pdf'));
    await vi.waitFor(() => expect($$('.att.draft[data-status="ready"]')).toHaveLength(1));
    press('Enter');
    await vi.waitFor(() => expect(api.callsOf('threads.create')).toHaveLength(1));
    expect((api.callsOf('threads.create')[0]?.params.input as { attachments: string[] }).attachments).toEqual(['att_1']);
  });

  it('shows a file chip for files that are not images', async () => {
    const { $, pick } = mountWithAttachments();
    pick(file('notes.txt', 'text/plain'));
    await vi.waitFor(() => expect($('.att.draft[data-status="ready"] .att-file .att-name')?.textContent).toBe('notes.txt'));
    expect($('.att-tray img')).toBeNull();
  });

  it('takes pasted images and dropped files', async () => {
    const { $, api, input } = mountWithAttachments();
    const paste = new Event('paste', { bubbles: true, cancelable: true }) as ClipboardEvent;
    Object.defineProperty(paste, 'clipboardData', { value: { files: [file('image.png', 'image/png')] } });
    input().dispatchEvent(paste);
    expect(paste.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(api.callsOf('attachments.create')).toHaveLength(1));

    const drop = (kind: string) => {
      const event = new Event(kind, { bubbles: true, cancelable: true }) as DragEvent;
      Object.defineProperty(event, 'dataTransfer', { value: { types: ['Files'], files: [file('report.pdf', 'application/pdf')] } });
      $('.root')!.dispatchEvent(event);
      return event;
    };
    expect(drop('dragover').defaultPrevented).toBe(true);
    await vi.waitFor(() => expect($('.drop-hint')).not.toBeNull());
    drop('drop');
    await vi.waitFor(() => expect(api.callsOf('attachments.create')).toHaveLength(2));
    expect(api.callsOf('attachments.create')[1]?.params).toMatchObject({ name: 'report.pdf' });
    expect($('.drop-hint')).toBeNull();
  });

  it('removes a file before sending with attachments.delete, by keyboard-usable button', async () => {
    const { $, $$, api, pick, type, press } = mountWithAttachments();
    pick(file('a.png', 'image/png'), file('b.pdf', 'application/pdf'));
    await vi.waitFor(() => expect($$('.att.draft[data-status="ready"]')).toHaveLength(2));
    const remove = $<HTMLButtonElement>('.att-remove')!;
    expect(remove.tagName).toBe('BUTTON');
    expect(remove.getAttribute('aria-label')).toBe('Remove a.png');
    remove.click();
    await vi.waitFor(() => expect(api.callsOf('attachments.delete')).toHaveLength(1));
    expect(api.callsOf('attachments.delete')[0]?.params).toEqual({ attachment_id: 'att_1' });
    expect($('.sr-only[role="status"]')?.textContent).toBe('a.png removed.');
    expect(($('.root')!.getRootNode() as ShadowRoot).activeElement).toBe($('textarea'));

    api.on('threads.create', () => sseResponse([{ type: 'thread.created', thread: thread('thr_1') }]));
    type('Only the PDF');
    press('Enter');
    await vi.waitFor(() => expect(api.callsOf('threads.create')).toHaveLength(1));
    expect((api.callsOf('threads.create')[0]?.params.input as { attachments: string[] }).attachments).toEqual(['att_2']);
  });
});

describe('<openai-chatkit> built-in: refused files keep the typed message', () => {
  it('refuses a file over maxSize before uploading, saying the limit', async () => {
    const { $, api, uploads, pick, type } = mountWithAttachments();
    type('Here is my video');
    pick(file('holiday.png', 'image/png', 25 * MB));
    await vi.waitFor(() => expect($('.att-error')).not.toBeNull());
    expect($('.att-error')?.getAttribute('role')).toBe('alert');
    expect($('.att-error')?.textContent).toBe('holiday.png is larger than 10 MB. Choose a smaller file.');
    expect(api.callsOf('attachments.create')).toHaveLength(0);
    expect(uploads.uploads).toHaveLength(0);
    expect($<HTMLTextAreaElement>('textarea')!.value).toBe('Here is my video');
  });

  it('refuses a type the composer does not accept, and more files than maxCount', async () => {
    const { $$, api, pick } = mountWithAttachments();
    pick(file('setup.exe', 'application/x-msdownload'));
    await vi.waitFor(() => expect($$('.att-error')).toHaveLength(1));
    expect($$('.att-error')[0]?.textContent).toBe('setup.exe: this chat does not accept this type of file.');
    pick(file('1.png', 'image/png'), file('2.png', 'image/png'), file('3.png', 'image/png'), file('4.png', 'image/png'));
    await vi.waitFor(() => expect($$('.att-error')).toHaveLength(2));
    expect($$('.att-error')[1]?.textContent).toBe('You can attach up to 3 files to one message. Remove one to add another.');
    expect(api.callsOf('attachments.create')).toHaveLength(3);
  });

  it("shows the server's refusal (413 too large, 415 sniffed type) and a failed upload inline", async () => {
    const { $$, uploads, pick, type, input } = mountWithAttachments({ enabled: true });
    type('Keep me');
    const answers = [
      jsonResponse({ code: 'attachment.too_large', message: 'Too large' }, 413),
      jsonResponse({ code: 'attachment.unsupported_type', message: 'Unsupported' }, 415),
      jsonResponse({ code: 'internal', message: 'boom' }, 500),
    ];
    uploads.answer = () => answers.shift()!;
    pick(file('big.png', 'image/png'));
    await vi.waitFor(() => expect($$('.att-error')).toHaveLength(1));
    pick(file('fake.png', 'image/png'));
    await vi.waitFor(() => expect($$('.att-error')).toHaveLength(2));
    pick(file('c.txt', 'text/plain'));
    await vi.waitFor(() => expect($$('.att-error')).toHaveLength(3));
    expect($$('.att-error').map((p) => p.textContent)).toEqual([
      'big.png is larger than 100 MB. Choose a smaller file.',
      'fake.png: this chat does not accept this type of file.',
      'c.txt could not be uploaded. Remove it and try again.',
    ]);
    expect(input().value).toBe('Keep me');
  });
});

describe('<openai-chatkit> built-in: attachments in the thread', () => {
  it('shows thumbnails and file chips of user messages after a reload', async () => {
    const api = new FakeChatKitApi();
    const item = userMessageWithAttachments('msg_u1', 'thr_1', 'See attached', [imageAttachment('att_1', 'error.png'), fileAttachment('att_2', 'invoice.pdf')]);
    api.on('threads.get_by_id', () => jsonResponse(thread('thr_1', 'Help', [item])));
    // Attachments off in the composer: old messages still show theirs.
    const { $, $$ } = mountElement(api, { initialThread: 'thr_1' });
    await vi.waitFor(() => expect($$('.msg.user .att')).toHaveLength(2));
    const img = $<HTMLImageElement>('.msg.user img.att-thumb')!;
    expect(img.getAttribute('src')).toBe(`${UPLOAD_BASE}att_1/preview`);
    expect(img.getAttribute('alt')).toBe('error.png');
    expect($('.msg.user .att-file .att-name')?.textContent).toBe('invoice.pdf');
    expect($('.msg.user .att-list')?.getAttribute('aria-label')).toBe('Attachments');
    expect($('.msg.user .bubble')?.textContent).toBe('See attached');
  });

  it('gives the files back with the text when the message is refused', async () => {
    const { $$, api, pick, type, press, input } = mountWithAttachments();
    api.on('threads.create', () => jsonResponse({ code: 'rate_limited', message: 'Slow down' }, 429));
    pick(file('a.png', 'image/png'));
    await vi.waitFor(() => expect($$('.att.draft[data-status="ready"]')).toHaveLength(1));
    type('hello');
    press('Enter');
    await vi.waitFor(() => expect(api.callsOf('threads.create')).toHaveLength(1));
    await vi.waitFor(() => expect(input().value).toBe('hello'));
    expect($$('.att.draft[data-status="ready"]')).toHaveLength(1);
    expect($$('.msg.user')).toHaveLength(0);
  });
});
