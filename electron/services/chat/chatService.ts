// Chat: a question becomes retrieval, a prompt that fits the model, a streamed answer from the model's engine, and a
// stored message with its passages, prompt and metrics. The user's text is saved before anything can fail, and the
// answer is checkpointed as it grows, so a crash keeps what had streamed.
import crypto from 'node:crypto';
import type { z } from 'zod';
import { AUTO_MODEL, type ChatMessage, type ChatStreamPatch, type Conversation, type PromptMessage, type chatContract } from '../../../shared/contract/chat';
import { AppError, toAppErrorData } from '../../../shared/contract/errors';
import type { Passage } from '../../../shared/contract/library';
import type { Settings } from '../../../shared/contract/settings';
import type { LibraryService } from '../library/libraryService';
import type { Logger } from '../logging/logger';
import { failureFields } from '../metrics/measured';
import type { MetricsRecorder } from '../metrics/metricsLog';
import { createAnswerCheckpoint } from '../answers/answerCheckpoint';
import { answerMetricEvent, answerMetricsFrom, contextLengthFor } from '../answers/answerMetrics';
import { createStageTimer, recordAttemptStages } from '../answers/stageTimer';
import { answerStatusOf } from '../answers/answerStatus';
import { buildPrompt } from '../answers/buildPrompt';
import { engineGenerate } from '../answers/generateText';
import { templateKey } from '../answers/promptTemplates';
import type { AnswerCacheService, CacheKey } from '../answerCache/answerCacheService';
import { approxTokens, questionDifficulty } from '../routing/questionDifficulty';
import { orderedTiers, routeQuestion, tiersIdentity } from '../routing/routeQuestion';
import { cachedAnswerMessage } from './cachedAnswer';
import { answerTimeoutsFrom } from '../answers/streamAnswer';
import type { ModelEngines } from '../engines/modelEngines';
import type { GuardedOutcome, ResilienceService } from '../resilience/resilienceService';
import { describeFallback, fallbackChain, shouldFallBack } from '../resilience/fallback';
import type { AppError as AppErrorType } from '../../../shared/contract/errors';
import { relevanceGate } from '../retrieval/relevanceGate';
import { standaloneQuestion } from '../retrieval/standaloneQuestion';
import { groundAnswer } from '../trust/grounding/groundAnswer';
import { guardPassages, recordFlaggedPassages } from '../trust/injection/guardPassages';
import { answerQualityFields } from '../quality/answerQuality';
import type { ConversationStore } from './conversationStore';
import type { WorkspaceService } from '../workspaces/workspaceService';

export interface ChatServiceDeps {
  conversations: ConversationStore;
  library: LibraryService;
  engines: ModelEngines;
  /** Each collection's answer settings (system prompt, model, temperature, top k, template), over Settings'. */
  workspaces: WorkspaceService;
  /** Retries, breakers, the generation cap and budgets around the answer. */
  resilience: ResilienceService;
  metrics: MetricsRecorder;
  getSettings: () => Settings;
  logger: Logger;
  /** The answer cache; without it every answer is generated. */
  answerCache?: AnswerCacheService;
}

type ChatSendInput = z.output<(typeof chatContract)['streams']['chat.send']['input']>;

/** chat.send's input as the contract parses it (fields documented there); callers inside main (the CLI, benchmarks) may leave `fresh` out. */
export type SendRequest = Omit<ChatSendInput, 'fresh'> & Partial<Pick<ChatSendInput, 'fresh'>>;

export interface ChatService {
  send(request: SendRequest, ctx: { signal: AbortSignal; emit(patch: ChatStreamPatch): void }): Promise<ChatMessage>;
  /** The model key a conversation will use: its own, its collection's, the default, or the first one an engine can answer with. */
  resolveModel(conversation: Conversation): Promise<string>;
}

/** Earlier turns kept for follow-up questions, and how long each may be. */
const HISTORY_TURNS = 2;
const HISTORY_CHARS = 1200;
/** Earlier answers kept per question; the oldest go first. */
const MAX_VERSIONS = 50;

/** The versions a regenerated answer carries: the replaced one's, then the replaced one itself (when it said something). */
export function versionsAfterRegenerate(replaced: ChatMessage): ChatMessage['versions'] {
  const { versions = [], ...answer } = replaced;
  const next = answer.content.trim() ? [...versions, answer] : versions;
  return next.length > 0 ? next.slice(-MAX_VERSIONS) : undefined;
}

export function createChatService(deps: ChatServiceDeps): ChatService {
  const log = deps.logger.child('chat');

  const resolveModel = async (conversation: Conversation): Promise<string> => {
    if (conversation.model === AUTO_MODEL) {
      // Auto: the lowest tier until the question is routed (it rewrites follow-ups; see send)
      const lowest = orderedTiers(deps.getSettings().autoRouting.tiers)[0];
      if (!lowest) throw new AppError('MODEL_NOT_FOUND', 'Auto has no tiers yet. In Settings → Auto routing, give it a model per tier, or pick a model for this conversation.');
      return lowest.model;
    }
    const chosen = deps.workspaces.answerSettings(conversation.collectionId, conversation).model;
    if (chosen) return chosen;
    const first = await deps.engines.firstAvailable();
    if (!first) throw new AppError('MODEL_NOT_FOUND', 'No model can answer yet. In Models, add a GGUF file for the built-in engine, or start Ollama and pull a model (for example llama3.2:3b).');
    return first.key;
  };

  const historyOf = (messages: ChatMessage[], beforeIndex: number): PromptMessage[] => {
    const turns: PromptMessage[] = [];
    for (let i = beforeIndex - 1; i >= 0 && turns.length < HISTORY_TURNS * 2; i--) {
      const m = messages[i]!;
      if (m.role === 'assistant' && m.status !== 'complete') continue;
      turns.unshift({ role: m.role, content: m.content.length > HISTORY_CHARS ? `${m.content.slice(0, HISTORY_CHARS)}…` : m.content });
    }
    // the history must start with a question
    while (turns[0]?.role === 'assistant') turns.shift();
    return turns;
  };

  return {
    resolveModel,
    async send(request, { signal, emit }) {
      const sendAt = performance.now();
      // where the answer's time goes, stage by stage (answers/stageTimer)
      const timer = createStageTimer();
      const settings = deps.getSettings();
      const { conversation, messages: stored } = deps.conversations.get(request.conversationId);
      let messages = stored;

      // 1. the question is stored first: nothing later can lose it
      let question: ChatMessage;
      let historyEnd: number;
      let versions: ChatMessage['versions'];
      let retitle = conversation.messageCount === 0;
      if (request.editMessageId !== undefined) {
        // edit and resend: the edited question and everything after it go; the new text is asked in their place
        const index = messages.findIndex((m) => m.id === request.editMessageId && m.role === 'user');
        if (index < 0) throw new AppError('NOT_FOUND', 'That question is no longer in this conversation');
        deps.conversations.truncateFrom(conversation.id, request.editMessageId);
        messages = messages.slice(0, index);
        retitle = index === 0;
      }
      if (request.text !== undefined) {
        question = {
          id: crypto.randomUUID(),
          role: 'user',
          content: request.text,
          createdAt: Date.now(),
          status: 'complete',
          model: null,
          promptTemplate: null,
          passages: [],
          grounded: true,
          prompt: [],
          metrics: null,
          error: null,
        };
        deps.conversations.putMessage(conversation.id, question);
        if (retitle) deps.conversations.update(conversation.id, { title: request.text.length > 60 ? `${request.text.slice(0, 57)}…` : request.text });
        historyEnd = messages.length;
        emit({ userMessage: question, phase: 'retrieving' });
      } else {
        const index = messages.findIndex((m) => m.id === request.regenerateMessageId && m.role === 'assistant');
        const previous = index > 0 ? messages[index - 1] : undefined;
        if (!previous || previous.role !== 'user') throw new AppError('NOT_FOUND', 'That answer can no longer be regenerated');
        question = previous;
        versions = versionsAfterRegenerate(messages[index]!);
        deps.conversations.removeMessage(conversation.id, request.regenerateMessageId!);
        historyEnd = index - 1;
        emit({ phase: 'retrieving' });
      }

      // the collection's settings over the global ones; the conversation's own model and temperature over both
      const answerSettings = deps.workspaces.answerSettings(conversation.collectionId, conversation);
      const template = answerSettings.template;
      const assistant: ChatMessage = {
        id: crypto.randomUUID(),
        role: 'assistant',
        content: '',
        createdAt: Date.now(),
        status: 'incomplete',
        model: null,
        promptTemplate: { id: template.id, version: template.version },
        passages: [],
        grounded: !request.withoutDocuments,
        prompt: [],
        metrics: null,
        error: null,
        ...(versions ? { versions } : {}),
      };
      const fail = (error: unknown): ChatMessage => {
        const message: ChatMessage = { ...assistant, status: 'error', error: toAppErrorData(error) };
        deps.conversations.putMessage(conversation.id, message, question.id);
        deps.metrics.record({ kind: 'chat', model: assistant.model, collectionId: conversation.collectionId, ...failureFields(error), latencyMs: performance.now() - sendAt });
        return message;
      };

      // 2. model and retrieval
      let model: string;
      try {
        model = await resolveModel(conversation);
      } catch (error) {
        return fail(error);
      }
      assistant.model = model;
      const auto = conversation.model === AUTO_MODEL;

      // [Note: answer cache] a first question, asked with documents, may be answered from the cache
      const firstTurn = historyOf(messages, historyEnd).length === 0;
      let cacheKey: CacheKey | null = null;
      let questionVector: Float32Array | null = null;
      let cacheHit: boolean | null = null;
      if (deps.answerCache && firstTurn && !request.withoutDocuments) {
        const cache = deps.answerCache;
        try {
          cacheKey = await cache.keyFor({ collectionId: conversation.collectionId, model: auto ? tiersIdentity(settings.autoRouting.tiers) : model, promptTemplate: templateKey(template), temperature: answerSettings.temperature, systemPrompt: answerSettings.systemPrompt, topK: answerSettings.topK, contextLength: conversation.contextLength });
          if (cacheKey && request.text !== undefined && !request.fresh) {
            const { hit, vector } = await cache.lookup(cacheKey, question.content, signal);
            questionVector = vector;
            cacheHit = hit !== null;
            if (hit) {
              const message = cachedAnswerMessage(assistant, hit, performance.now() - sendAt);
              emit({ assistant: { ...message, content: '' }, phase: 'generating' });
              emit({ delta: message.content });
              deps.conversations.putMessage(conversation.id, message, question.id);
              const saved = hit.entry.metrics;
              deps.metrics.record({
                kind: 'chat',
                model: message.model,
                collectionId: conversation.collectionId,
                outcome: 'ok',
                latencyMs: message.metrics!.totalMs,
                ttftMs: message.metrics!.ttftMs,
                cacheHit: true,
                savedMs: saved.totalMs,
                savedTokens: saved.promptTokens === null && saved.completionTokens === null ? null : (saved.promptTokens ?? 0) + (saved.completionTokens ?? 0),
                messageId: message.id,
                promptTemplate: templateKey(template),
                tier: message.route?.tier ?? null,
              });
              return message;
            }
          }
        } catch (error) {
          if (signal.aborted) {
            deps.conversations.putMessage(conversation.id, { ...assistant, status: 'incomplete', error: { code: 'CANCELLED', message: 'Stopped before the answer started' } }, question.id);
            throw new AppError('CANCELLED', 'Stopped');
          }
          // the cache only saves work: when it fails, the question is answered as if it were off
          log.warn('answer cache lookup failed', { error });
          cacheKey = null;
        }
      }

      let passages: Passage[] = [];
      let embedMs: number | null = null;
      let retrievalMs: number | null = null;
      let searchedByFallback: boolean | undefined;
      // packing runs from the end of retrieval (or of preparing, without documents) until the request leaves
      let packingFrom: number;
      if (request.withoutDocuments) {
        packingFrom = performance.now();
        timer.span('prepare', sendAt, packingFrom);
      } else {
        try {
          // a follow-up searches for a standalone rewrite of itself (see retrieval/standaloneQuestion)
          const turns = historyOf(messages, historyEnd).flatMap((m) => (m.role === 'user' || m.role === 'assistant' ? [{ role: m.role, content: m.content }] : []));
          timer.span('prepare', sendAt, performance.now());
          const searched = await timer.time('rewrite', () => standaloneQuestion({ question: question.content, history: turns, generate: engineGenerate(deps.engines, model), signal }));
          assistant.searchedFor = searched.source === 'question' ? null : searched.query;
          searchedByFallback = searched.source === 'fallback';
          // the cache lookup embedded this very question: retrieval reuses the vector
          const reuse = questionVector && searched.source === 'question' ? { queryVector: questionVector } : {};
          const result = await deps.library.search({ collectionId: conversation.collectionId, query: searched.query, k: answerSettings.topK, mode: 'hybrid', ...reuse }, signal, timer);
          packingFrom = performance.now();
          embedMs = result.embedMs;
          retrievalMs = result.searchMs;
          // trust: flagged passages are marked, and kept out of the prompt with "flag and exclude"
          const guarded = guardPassages(result.passages, settings.passageGuard);
          recordFlaggedPassages(guarded.flagged, { source: 'chat', collectionId: conversation.collectionId, model, metrics: deps.metrics, logger: log });
          passages = guarded.given;
          if (guarded.withheld.length > 0) assistant.withheldPassages = guarded.withheld;
        } catch (error) {
          if (signal.aborted) {
            // stopped before generation: the question keeps an (empty) answer the user can regenerate
            deps.conversations.putMessage(conversation.id, { ...assistant, status: 'incomplete', error: { code: 'CANCELLED', message: 'Stopped before the answer started' } }, question.id);
            throw new AppError('CANCELLED', 'Stopped');
          }
          return fail(error);
        }
        // the gate (retrieval/relevanceGate); a fallback search also holds the previous question, so this one is checked
        if (!relevanceGate(searchedByFallback ? question.content : assistant.searchedFor ?? question.content, passages).relevant) {
          const message: ChatMessage = {
            ...assistant,
            status: 'no-context',
            content: 'I could not find anything relevant to this question in the selected collection, so I will not guess. You can rephrase the question, pick another collection, or get an answer without your documents.',
            metrics: null,
          };
          deps.conversations.putMessage(conversation.id, message, question.id);
          // quality: "nothing relevant" answers are counted too
          deps.metrics.record({ kind: 'chat', model, collectionId: conversation.collectionId, outcome: 'ok', latencyMs: performance.now() - sendAt, embeddingMs: embedMs, retrievalMs, cacheHit, ...answerQualityFields(message) });
          return message;
        }
      }

      // Auto: the question's difficulty (with the size of what was retrieved) picks the tier that answers
      if (auto) {
        const routed = routeQuestion(settings.autoRouting.tiers, questionDifficulty(question.content, approxTokens(passages.map((p) => p.text).join('\n'))));
        if (routed) {
          model = routed.tier.model;
          assistant.model = model;
          assistant.route = routed.route;
        }
      }

      // a used-up budget set to block refuses the answer (the question stays, to be regenerated later)
      try {
        deps.resilience.checkBudget();
      } catch (error) {
        return fail(error);
      }
      // 3. the prompt, packed to fit the model's window with room for the answer
      const history = historyOf(messages, historyEnd);
      const retrieved = passages;
      const prepare = async (key: string): Promise<{ contextLength: number; prompt: PromptMessage[]; passages: Passage[] }> => {
        const contextLength = await contextLengthFor(deps.engines, key, conversation.contextLength);
        const built = buildPrompt({ template, question: question.content, history, passages: request.withoutDocuments ? null : retrieved, contextLength, instructions: answerSettings.systemPrompt });
        return { contextLength, prompt: built.prompt, passages: built.passages };
      };
      let prepared = await prepare(model);
      passages = prepared.passages;
      assistant.passages = passages;
      assistant.prompt = prepared.prompt;
      emit({ assistant: { ...assistant }, phase: 'waiting' });
      // 4. the answer, streamed and checkpointed as it grows; whatever arrives is kept, whatever happens
      let content = '';
      const checkpoint = createAnswerCheckpoint(() => deps.conversations.putMessage(conversation.id, { ...assistant, status: 'streaming', content }, question.id));
      checkpoint.flush();
      let generating = false;
      // the chosen model, then the fallbacks from Settings, while each fails before its first token
      const chain = fallbackChain(model, settings.fallbackModels);
      const skipped: { model: string; error: AppErrorType }[] = [];
      let outcome!: GuardedOutcome;
      let answeredBy = model;
      // packing runs from the end of retrieval until the answer is asked for, and again for each fallback model; the
      // time a model spent failing before its first token is the failed-attempts stage (answers/stageTimer)
      let calledAt = performance.now();
      timer.span('packing', packingFrom, calledAt);
      for (const [i, candidate] of chain.entries()) {
        if (i > 0) {
          const packStart = performance.now();
          prepared = await prepare(candidate);
          passages = prepared.passages;
          Object.assign(assistant, { model: candidate, passages, prompt: prepared.prompt, fallback: describeFallback(model, candidate, skipped) });
          emit({ assistant: { ...assistant }, phase: 'waiting' });
          calledAt = performance.now();
          timer.span('packing', packStart, calledAt);
        }
        answeredBy = candidate;
        outcome = await deps.resilience.answer(deps.engines, {
          modelKey: candidate,
          messages: prepared.prompt,
          temperature: answerSettings.temperature,
          contextLength: prepared.contextLength,
          signal,
          timeouts: answerTimeoutsFrom(settings),
          onDelta: (delta) => {
            content += delta;
            emit(generating ? { delta } : { delta, phase: 'generating' });
            if (generating) checkpoint.touch();
            else checkpoint.flush();
            generating = true;
          },
        });
        if (!shouldFallBack(outcome) || i === chain.length - 1) break;
        log.warn('model failed before its first token; falling back', { model: candidate, code: outcome.error?.code, next: chain[i + 1] });
        skipped.push({ model: candidate, error: outcome.error! });
        timer.span('failedAttempts', calledAt, performance.now(), Math.max(1, outcome.attempts));
      }
      const contextLength = prepared.contextLength;
      recordAttemptStages(timer, calledAt, outcome);
      const metrics = answerMetricsFrom(outcome, { model: answeredBy, sendAt, embedMs, retrievalMs, timer });
      checkpoint.close();
      const cancelled = metrics.outcome === 'cancelled';
      const status = answerStatusOf(outcome);
      // trust: each sentence against the passages it cites
      const grounding = request.withoutDocuments || cancelled ? null : await groundAnswer({ answer: outcome.content, passages, signal, logger: log, generate: settings.groundingVerifyWithModel ? engineGenerate(deps.engines, answeredBy, contextLength) : undefined });
      const final: ChatMessage = { ...assistant, content: outcome.content, status, metrics, error: outcome.error ? outcome.error.toData() : null, grounding };
      deps.conversations.putMessage(conversation.id, final, question.id);
      const fellBack = answeredBy !== model ? { requestedModel: model, fallbackReason: describeFallback(model, answeredBy, skipped).skipped[0]?.reason ?? null } : {};
      deps.metrics.record({ ...answerMetricEvent('chat', metrics, outcome, conversation.collectionId), ...answerQualityFields(final), cacheHit, tier: assistant.route?.tier ?? null, attempts: outcome.attempts, ...fellBack });
      // a fallback's answer is not the asked model's: it is not kept under that model's key
      if (cacheKey && deps.answerCache && answeredBy === model && final.status === 'complete' && final.grounded) {
        await deps.answerCache
          .store(cacheKey, { id: final.id, question: question.content, answeredAt: Date.now(), model, promptTemplate: final.promptTemplate, content: final.content, passages: final.passages, ...(final.withheldPassages ? { withheldPassages: final.withheldPassages } : {}), prompt: final.prompt, grounding: final.grounding ?? null, metrics, route: final.route ?? null }, questionVector, signal)
          .catch((error: unknown) => log.warn('could not keep the answer in the cache', { error }));
      }
      if (outcome.error && !cancelled) log.warn('answer failed', { model: answeredBy, code: outcome.error.code, message: outcome.error.message });
      return final;
    },
  };
}
