import { Inject, Injectable } from '@nestjs/common';
import {
  CHATKIT_LIMITS,
  CHOICES_ACTION_TYPE,
  chatkitRequestBytes,
  ErrorCode,
  ZChoicesActionPayload,
  userMessageText,
  ZChatkitRequest,
  type TAttachment,
  type TChatkitRequest,
  type TChatkitRequestOf,
  type TPage,
  type TThread,
  type TThreadItem,
  type TUserMessageInput,
  type TWorkflowDefinition,
} from '@wfchat/contracts';
import { ZodError } from 'zod';
import { AppError, Errors } from '../../common/errors/app-error.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import { AttachmentsService } from '../attachments/attachments.service.js';
import { QuotaService } from '../quota/quota.service.js';
import { buttonFor, withChoiceMade } from '../runtime/choices.node.js';
import type { RateLimitCheck } from '../rate-limit/rate-limit.service.js';
import type { TurnInput } from '../runtime/runtime.types.js';
import type { ChatContext } from './chatkit.context.js';
import { ChatkitDefinitions } from './chatkit.definitions.js';
import { timeId } from './chatkit.ids.js';
import { ChatkitLimits } from './chatkit.limits.js';
import { deriveTitle, historyOf, itemText, toPage, toThread, userMessageItem } from './chatkit.mapper.js';
import type { SseWriter } from './chatkit.sse.js';
import { CHAT_STORE, type ChatStore, type ThreadRecord } from './chatkit.store.js';
import { ChatkitTurns, type PlayedTurn, type TurnRequest } from './chatkit.turn.js';

/** What an operation answers: a JSON body, or a stream that starts once every check passed. */
export type ChatkitResult =
  { kind: 'json'; body: object } | { kind: 'stream'; run: (sse: SseWriter, startedAt: number) => Promise<void> };

/** Items of history sent along to `llm` steps that ask for it. */
const HISTORY_ITEMS = 50;

const threadNotFound = () => Errors.notFound(ErrorCode.ThreadNotFound, 'No such conversation.');
const itemNotFound = () => Errors.notFound(ErrorCode.ItemNotFound, 'No such message in this conversation.');
const unsupported = (message: string) => new AppError(400, ErrorCode.RequestUnsupported, message);

/** The reason a full thread shows where its composer was. */
export const THREAD_FULL_REASON = 'This conversation is full. Start a new chat to go on.';
/** Items one turn adds at most: the visitor's message, the answer, a choices card. */
const ITEMS_PER_TURN = 3;

/** No new turn in a locked or closed thread (another tab may still show it open). */
function assertOpen(thread: ThreadRecord): void {
  if (thread.status.type === 'active') return;
  throw new AppError(409, ErrorCode.ThreadLocked, thread.status.reason || 'This conversation is closed. Start a new chat.');
}

/**
 * Parses the body once: an unknown `type` is `request.unsupported`, anything
 * else malformed `request.invalid`, and a request whose non-text parts (tags'
 * data, options, metadata...) are over `requestBytes` is `request.too_large`.
 */
export function parseChatkitRequest(body: unknown): TChatkitRequest {
  const result = ZChatkitRequest.safeParse(body);
  if (result.success) {
    if (chatkitRequestBytes(result.data) > CHATKIT_LIMITS.requestBytes) {
      throw new AppError(
        413,
        ErrorCode.RequestTooLarge,
        `A chat request is at most ${CHATKIT_LIMITS.requestBytes / 1024} KB besides the message text (tags, options, metadata).`,
      );
    }
    return result.data;
  }
  const type = (body as { type?: unknown } | null)?.type;
  if (typeof type === 'string' && result.error.issues.some((i) => i.path.length === 1 && i.path[0] === 'type')) {
    throw unsupported(`Unknown operation "${type.slice(0, 100)}".`);
  }
  throw new ZodError(result.error.issues);
}

/** Operations carrying a new user message (counted by the message limits before anything else happens). */
const isNewMessage = (
  request: TChatkitRequest,
): request is TChatkitRequestOf<'threads.create'> | TChatkitRequestOf<'threads.add_user_message'> =>
  request.type === 'threads.create' || request.type === 'threads.add_user_message';

const needsHistory = (definition: TWorkflowDefinition) =>
  definition.nodes.some((node) => node.type === 'llm' && node.config.history === true);

/**
 * The ChatKit dispatcher: one entry point, one switch on the operation type.
 * Every refusal (404, 409, 429, 400) happens before a stream opens, so it is an
 * HTTP error; once streaming, failures travel as in-band `error` events.
 */
@Injectable()
export class ChatkitService {
  constructor(
    @Inject(CHAT_STORE) private readonly store: ChatStore,
    private readonly definitions: ChatkitDefinitions,
    private readonly limits: ChatkitLimits,
    private readonly turns: ChatkitTurns,
    private readonly quota: QuotaService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly attachments: AttachmentsService,
  ) {}

  /**
   * `deferred`: limits a guard left for this call (the per-IP one), counted in
   * the same step as the principal's and, for a message, the message limits.
   * `traceRequested`: the caller asks for the run trace, which only the
   * author's Canvas test chat receives (never a visitor, whatever they ask).
   */
  async process(
    ctx: ChatContext,
    body: unknown,
    deferred: RateLimitCheck[] = [],
    traceRequested = false,
  ): Promise<ChatkitResult> {
    const trace = traceRequested && ctx.mode === 'canvas';
    const checks = [...deferred, ...this.limits.requestChecks(ctx)];
    let request: TChatkitRequest;
    try {
      request = parseChatkitRequest(body);
    } catch (error) {
      await this.limits.consume(checks);
      throw error;
    }
    // A message that will be answered counts against the message limits in the same step.
    const answers =
      isNewMessage(request) &&
      (userMessageText(request.params.input) !== '' || request.params.input.attachments.length > 0);
    if (answers) checks.push(...this.limits.messageChecks(ctx));
    await this.limits.consume(checks);
    // Over a daily cap, a message is refused with 429 (the product spec), in a new conversation or not.
    if (answers) await this.admit(ctx);
    switch (request.type) {
      case 'threads.create':
        return this.create(ctx, request, trace);
      case 'threads.add_user_message':
        return this.addUserMessage(ctx, request, trace);
      case 'threads.retry_after_item':
        return this.retryAfterItem(ctx, request, trace);
      case 'threads.custom_action':
        return this.customAction(ctx, request, trace);
      case 'threads.add_client_tool_output':
        await this.thread(ctx, request.params.thread_id);
        throw unsupported('This workflow has no client tools.');
      case 'threads.get_by_id':
        return this.json(await this.getById(ctx, request.params.thread_id));
      case 'threads.list':
        return this.json(await this.listThreads(ctx, request));
      case 'items.list':
        return this.json(await this.listItems(ctx, request));
      case 'threads.update':
        return this.json(await this.rename(ctx, request));
      case 'threads.delete':
        if (!(await this.store.deleteThread(ctx, request.params.thread_id))) throw threadNotFound();
        return this.json({});
      case 'items.feedback':
        return this.json(await this.feedback(ctx, request));
      case 'threads.add_structured_input':
        throw unsupported('Structured input is not supported by this server.');
      case 'attachments.create':
        return this.json(
          await this.attachments.create(ctx, await this.definitions.resolve(ctx), request.params),
        );
      case 'attachments.delete':
        await this.attachments.delete(ctx, request.params.attachment_id);
        return this.json({});
      case 'input.transcribe':
        throw unsupported('Voice input is not supported by this server.');
      case 'threads.sync_custom_action':
        throw unsupported('This workflow has no custom actions.');
    }
  }

  /** A visitor's message counts against the workflow's daily caps (Canvas test chats never do). */
  private async admit(ctx: ChatContext): Promise<void> {
    if (ctx.mode === 'public') await this.quota.admitMessage(ctx.workflowId);
  }

  /**
   * After a turn: a thread without room for another exchange is locked, and
   * the visitor is told so in place of the composer. `before` is the item
   * count the turn started from, to skip the check while the thread is far
   * from full.
   */
  private async lockIfFull(ctx: ChatContext, threadId: string, before: number, sse: SseWriter): Promise<void> {
    const max = this.config.chatStream.threadMaxItems;
    if (before + ITEMS_PER_TURN + 2 <= max) return;
    const thread = await this.store.loadThread(ctx, threadId);
    if (!thread || thread.status.type !== 'active' || (thread.itemCount ?? 0) + 2 <= max) return;
    const locked = await this.store.setStatus(ctx, threadId, { type: 'locked', reason: THREAD_FULL_REASON });
    if (locked) sse.send({ type: 'thread.updated', thread: toThread(locked) });
  }

  private json(body: object): ChatkitResult {
    return { kind: 'json', body };
  }

  private async thread(ctx: ChatContext, threadId: string): Promise<ThreadRecord> {
    const thread = await this.store.loadThread(ctx, threadId);
    if (!thread) throw threadNotFound();
    return thread;
  }

  // --- streaming ---------------------------------------------------------

  private async create(
    ctx: ChatContext,
    request: TChatkitRequestOf<'threads.create'>,
    trace: boolean,
  ): Promise<ChatkitResult> {
    const { input } = request.params;
    const text = messageText(input);
    const definition = await this.definitions.resolve(ctx);
    const files = await this.attachments.forMessage(ctx, definition, input.attachments);
    const now = new Date();
    const thread: ThreadRecord = {
      id: timeId('thr', now),
      title: deriveTitle(text),
      status: { type: 'active' },
      createdAt: now,
    };
    const userItem = userMessageItem(thread.id, input, now, files.map((f) => this.attachments.stored(f)));
    const played = await this.playAtOnce(ctx, thread.id, definition, text, files.length, trace);
    await this.store.createThread(ctx, thread, [userItem, ...(played?.items ?? [])]);
    if (!(await this.attachments.attachToThread(ctx, files, thread.id))) {
      await this.store.deleteThread(ctx, thread.id);
      throw attachmentTaken();
    }
    return {
      kind: 'stream',
      run: async (sse, startedAt) => {
        sse.send({ type: 'thread.created', thread: toThread({ ...thread, title: undefined }) });
        sse.send({ type: 'thread.item.done', item: this.attachments.presentItems([userItem])[0]! });
        if (played) await played.deliver(sse);
        else await this.runTurn(userItem.attachments, { ctx, threadId: thread.id, definition, input: text, history: [], sse, startedAt, trace });
        if (thread.title) sse.send({ type: 'thread.updated', thread: toThread(thread) });
        await this.lockIfFull(ctx, thread.id, 1, sse);
      },
    };
  }

  /**
   * A message whose answer is ready at once (see ChatkitTurns.playAtOnce) is
   * answered before it is saved, and saved with its answer in one statement:
   * one round trip to the database per message instead of two. Messages with
   * files take the usual way, as their files are tied to the thread first.
   */
  private async playAtOnce(
    ctx: ChatContext,
    threadId: string,
    definition: TWorkflowDefinition,
    input: string,
    files: number,
    trace: boolean,
  ): Promise<PlayedTurn | null> {
    if (files > 0 || !this.turns.canPlayAtOnce(definition, trace)) return null;
    return this.turns.playAtOnce({ ctx, threadId, definition, input, history: [], startedAt: performance.now() });
  }

  /** Runs a turn now, with the files of the message it answers. */
  private async runTurn(files: TAttachment[], turn: Omit<TurnRequest, 'attachments'>): Promise<void> {
    await this.turns.run({ ...turn, attachments: await this.attachments.forTurn(files) });
  }

  private async addUserMessage(
    ctx: ChatContext,
    request: TChatkitRequestOf<'threads.add_user_message'>,
    trace: boolean,
  ): Promise<ChatkitResult> {
    const { input } = request.params;
    const text = messageText(input);
    const thread = await this.thread(ctx, request.params.thread_id);
    assertOpen(thread);
    const definition = await this.definitions.resolve(ctx);
    const files = await this.attachments.forMessage(ctx, definition, input.attachments);
    const history = needsHistory(definition) ? await this.history(ctx, thread.id) : [];
    const userItem = userMessageItem(thread.id, input, undefined, files.map((f) => this.attachments.stored(f)));
    // Tied to the thread first: a message never points at files another message took.
    if (!(await this.attachments.attachToThread(ctx, files, thread.id))) throw attachmentTaken();
    const played = await this.playAtOnce(ctx, thread.id, definition, text, files.length, trace);
    if (!(await this.store.addItems(ctx, thread.id, [userItem, ...(played?.items ?? [])]))) throw threadNotFound();
    return {
      kind: 'stream',
      run: async (sse, startedAt) => {
        sse.send({ type: 'thread.item.done', item: this.attachments.presentItems([userItem])[0]! });
        if (played) await played.deliver(sse);
        else await this.runTurn(userItem.attachments, { ctx, threadId: thread.id, definition, input: text, history, sse, startedAt, trace });
        const title = thread.title ? undefined : deriveTitle(text);
        const titled = title ? await this.store.setTitle(ctx, thread.id, title) : null;
        if (titled) sse.send({ type: 'thread.updated', thread: toThread(titled) });
        await this.lockIfFull(ctx, thread.id, thread.itemCount ?? 0, sse);
      },
    };
  }

  /** Answers a user message again: everything after it is deleted (without removal events). */
  private async retryAfterItem(
    ctx: ChatContext,
    request: TChatkitRequestOf<'threads.retry_after_item'>,
    trace: boolean,
  ): Promise<ChatkitResult> {
    const { thread_id: threadId, item_id: itemId } = request.params;
    assertOpen(await this.thread(ctx, threadId));
    const item = await this.store.loadItem(ctx, threadId, itemId);
    if (!item) throw itemNotFound();
    if (item.type !== 'user_message') throw Errors.invalid('Only a user message can be answered again.');
    await this.limits.consume(this.limits.messageChecks(ctx));
    await this.admit(ctx);
    const definition = await this.definitions.resolve(ctx);
    const history = needsHistory(definition) ? await this.history(ctx, threadId, itemId) : [];
    await this.store.deleteItemsAfter(ctx, threadId, itemId);
    const input = itemText(item);
    return {
      kind: 'stream',
      run: (sse, startedAt) => this.runTurn(item.attachments, { ctx, threadId, definition, input, history, sse, startedAt, trace }),
    };
  }

  /**
   * A click on a `choices` card: checked against the stored card (the payload
   * is the client's word), claimed once (compare and set, so a second tab's
   * click is refused), then the workflow resumes at that step with the chosen
   * value as its input. The card is replaced with its used form first, so a
   * reload shows the choice made.
   */
  private async customAction(
    ctx: ChatContext,
    request: TChatkitRequestOf<'threads.custom_action'>,
    trace: boolean,
  ): Promise<ChatkitResult> {
    const { thread_id: threadId, item_id: itemId, action } = request.params;
    const thread = await this.thread(ctx, threadId);
    if (action.type !== CHOICES_ACTION_TYPE) throw unsupported(`This workflow has no action "${action.type}".`);
    const payload = ZChoicesActionPayload.safeParse(action.payload);
    if (!payload.success) throw Errors.invalid('This choice is not valid.', [{ path: 'params.action.payload', message: 'expected {node, value}' }]);
    if (!itemId) throw Errors.invalid('A choice names the card it came from.', [{ path: 'params.item_id', message: 'required' }]);
    const item = await this.store.loadItem(ctx, threadId, itemId);
    if (!item) throw itemNotFound();
    const button = item.type === 'widget' ? buttonFor(item.widget, payload.data) : undefined;
    if (item.type !== 'widget' || !button) throw Errors.invalid('That is not one of the choices this card offers.');
    if (button.disabled) throw new AppError(409, ErrorCode.ChoiceAlreadyMade, 'This choice was already made.');
    assertOpen(thread);
    const definition = await this.definitions.resolve(ctx);
    if (!definition.nodes.some((n) => n.id === payload.data.node && n.type === 'choices')) {
      throw new AppError(409, ErrorCode.ChoiceExpired, 'This question is no longer part of the chat. Type your answer instead.');
    }
    await this.limits.consume(this.limits.messageChecks(ctx));
    await this.admit(ctx);
    const used = { ...item, widget: withChoiceMade(item.widget, payload.data) };
    if (!(await this.store.replaceItemIf(ctx, threadId, used, item))) {
      throw new AppError(409, ErrorCode.ChoiceAlreadyMade, 'This choice was already made.');
    }
    const history = needsHistory(definition) ? await this.history(ctx, threadId) : [];
    const input = payload.data.value;
    return {
      kind: 'stream',
      run: async (sse, startedAt) => {
        sse.send({ type: 'thread.item.replaced', item: used });
        await this.turns.run({ ctx, threadId, definition, input, history, resumeAt: payload.data.node, sse, startedAt, trace });
        await this.lockIfFull(ctx, threadId, thread.itemCount ?? 0, sse);
      },
    };
  }

  private async history(ctx: ChatContext, threadId: string, beforeItemId?: string): Promise<TurnInput['history']> {
    return historyOf(await this.store.recentItems(ctx, threadId, HISTORY_ITEMS, beforeItemId));
  }

  // --- JSON --------------------------------------------------------------

  private async getById(ctx: ChatContext, threadId: string): Promise<TThread> {
    const thread = await this.thread(ctx, threadId);
    const items = await this.store.listItems(ctx, threadId, { limit: CHATKIT_LIMITS.defaultPageSize, order: 'asc' });
    return toThread(thread, toPage({ ...items, data: this.attachments.presentItems(items.data) }));
  }

  private async listThreads(ctx: ChatContext, request: TChatkitRequestOf<'threads.list'>): Promise<TPage<TThread>> {
    const { limit = CHATKIT_LIMITS.defaultPageSize, order, after } = request.params;
    const page = await this.store.listThreads(ctx, { limit, order, after: after ?? undefined });
    return toPage({ data: page.data.map((t) => toThread(t)), hasMore: page.hasMore });
  }

  private async listItems(ctx: ChatContext, request: TChatkitRequestOf<'items.list'>): Promise<TPage<TThreadItem>> {
    const { thread_id: threadId, limit = CHATKIT_LIMITS.defaultPageSize, order, after } = request.params;
    await this.thread(ctx, threadId);
    const page = await this.store.listItems(ctx, threadId, { limit, order, after: after ?? undefined });
    return toPage({ ...page, data: this.attachments.presentItems(page.data) });
  }

  private async rename(ctx: ChatContext, request: TChatkitRequestOf<'threads.update'>): Promise<TThread> {
    const { thread_id: threadId, title } = request.params;
    const thread = await this.store.setTitle(ctx, threadId, title || null);
    if (!thread) throw threadNotFound();
    return toThread(thread);
  }

  private async feedback(ctx: ChatContext, request: TChatkitRequestOf<'items.feedback'>): Promise<object> {
    const { thread_id: threadId, item_ids: itemIds, kind } = request.params;
    await this.thread(ctx, threadId);
    if (!(await this.store.saveFeedback(ctx, threadId, itemIds, kind))) throw itemNotFound();
    return {};
  }
}

/** The message's text; it may be empty only when files come with it. */
function messageText(input: TUserMessageInput): string {
  const text = userMessageText(input);
  if (!text && !input.attachments.length) {
    throw Errors.invalid('The message is empty.', [{ path: 'params.input.content', message: 'no text' }]);
  }
  return text;
}

const attachmentTaken = () =>
  Errors.conflict(ErrorCode.AttachmentInUse, 'A file of this message was sent in another message meanwhile.');
