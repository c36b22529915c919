// Comparisons: one retrieval, the identical passages and template for every variant, answers streamed per column
// (one at a time or all at once), metrics and cloud-equivalent cost per column; stored with votes (a winner or a
// tie) and ratings, which feed the leaderboard's wins and Elo. Blind runs shuffle the columns; follow-ups continue
// each column's own conversation. Plain Node.
import crypto from 'node:crypto';
import type { ComparePatch, Comparison, ComparisonColumn, ComparisonSummary, LeaderboardEntry, RunMode, Variant } from '../../../shared/contract/compare';
import { ComparisonSchema } from '../../../shared/contract/compare';
import type { PromptMessage } from '../../../shared/contract/chat';
import { AppError } from '../../../shared/contract/errors';
import type { Passage } from '../../../shared/contract/library';
import type { Settings } from '../../../shared/contract/settings';
import { createAnswerCheckpoint } from '../answers/answerCheckpoint';
import { answerMetricEvent, answerMetricsFrom, contextLengthFor } from '../answers/answerMetrics';
import { answerStatusOf } from '../answers/answerStatus';
import { buildPrompt } from '../answers/buildPrompt';
import { templateKey, type PromptTemplates } from '../answers/promptTemplates';
import { createStageTimer, recordAttemptStages, stagesFrom } from '../answers/stageTimer';
import { answerTimeoutsFrom } from '../answers/streamAnswer';
import type { ModelEngines } from '../engines/modelEngines';
import type { LibraryService } from '../library/libraryService';
import type { ResilienceService } from '../resilience/resilienceService';
import { cloudCostUsd, referencePrice } from '../metrics/costModel';
import type { MetricsRecorder } from '../metrics/metricsLog';
import { median } from '../metrics/statistics';
import type { Logger } from '../logging/logger';
import { groundAnswer } from '../trust/grounding/groundAnswer';
import { guardPassages, recordFlaggedPassages } from '../trust/injection/guardPassages';
import { openJsonFileStore } from '../dataFiles/jsonFileStore';
import { engineGenerate } from '../answers/generateText';
import { standaloneQuestion } from '../retrieval/standaloneQuestion';
import { eloRatings } from './elo';
import type { WorkspaceService } from '../workspaces/workspaceService';

export interface CompareRequest {
  collectionId: string;
  question: string;
  variants: Variant[];
  mode: RunMode;
  temperature?: number | undefined;
  blind?: boolean | undefined;
  followUpOf?: string | undefined;
}

/** Earlier turns of a thread each follow-up column carries, and how long each answer may be (as in chat). */
const HISTORY_TURNS = 2;
const HISTORY_CHARS = 1200;

/** A uniformly shuffled copy (Fisher-Yates over crypto randomness: the user must not learn the order). */
function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** One column's conversation so far in a thread (root first): its question and that column's answer, per turn. */
export function columnHistory(thread: readonly Comparison[], column: number): PromptMessage[] {
  const turns: PromptMessage[] = [];
  for (const c of thread.slice(-HISTORY_TURNS)) {
    const answer = c.columns[column];
    if (!answer || !answer.content.trim() || answer.status === 'error') continue;
    turns.push({ role: 'user', content: c.question }, { role: 'assistant', content: answer.content.length > HISTORY_CHARS ? `${answer.content.slice(0, HISTORY_CHARS)}…` : answer.content });
  }
  return turns;
}

export interface CompareService {
  run(request: CompareRequest, ctx: { signal: AbortSignal; emit(patch: ComparePatch): void }): Promise<Comparison>;
  list(): ComparisonSummary[];
  get(id: string): Comparison;
  /** A winning column, `'tie'`, or null to clear the vote. */
  setWinner(id: string, column: number | 'tie' | null): Comparison;
  /** The comparison and those it follows up, root first. */
  thread(id: string): Comparison[];
  rate(id: string, column: number, rating: number | null): Comparison;
  delete(id: string): void;
  leaderboard(): LeaderboardEntry[];
}

export interface CompareServiceDeps {
  dir: string;
  library: LibraryService;
  engines: ModelEngines;
  /** Retries, breakers, the generation cap (parallel columns included) and budgets; Compare never falls back. */
  resilience: ResilienceService;
  templates: PromptTemplates;
  /** The collection's system prompt, temperature and top k (each over Settings'). */
  workspaces: WorkspaceService;
  metrics: MetricsRecorder;
  getSettings: () => Settings;
  logger: Logger;
}

const variantKey = (v: Variant): string => `${v.model}|${v.promptTemplate}`;

export function createCompareService(deps: CompareServiceDeps): CompareService {
  const store = openJsonFileStore(deps.dir, ComparisonSchema, (c) => c.id);
  // nothing runs yet in this process: a column still running or waiting on disk was cut short when Loci stopped
  for (const c of store.all()) {
    if (!c.columns.some((col) => col.status === 'running' || col.status === 'waiting')) continue;
    const error = { code: 'ANSWER_INTERRUPTED' as const, message: 'Loci stopped while this answer was being written; what had arrived is kept.' };
    store.put(c.id, { ...c, columns: c.columns.map((col) => (col.status === 'running' || col.status === 'waiting' ? { ...col, status: col.content ? 'incomplete' : 'error', error } : col)) });
  }
  const get = (id: string): Comparison => {
    const c = store.get(id);
    if (!c) throw new AppError('NOT_FOUND', 'That comparison no longer exists', { id });
    return c;
  };
  const threadOf = (id: string): Comparison[] => {
    const chain: Comparison[] = [];
    const seen = new Set<string>();
    for (let c: Comparison | undefined = get(id); c && !seen.has(c.id); c = c.parentId ? store.get(c.parentId) : undefined) {
      seen.add(c.id);
      chain.unshift(c);
    }
    return chain;
  };
  const columnOf = (c: Comparison, column: number): ComparisonColumn => {
    const col = c.columns[column];
    if (!col) throw new AppError('INVALID_INPUT', `This comparison has ${c.columns.length} columns`);
    return col;
  };

  return {
    async run(request, { signal, emit }) {
      const settings = deps.getSettings();
      const sendAt = performance.now();
      // [Note: shared stages] retrieval and packing run once for all the columns: timed once here, they appear on each
      // column's breakdown marked shared (sharedMs), and each column adds its own wait, attempts and generation
      const shared = createStageTimer();
      // an unknown template fails before any work; "id" (a user template's active version) is stored as the version it was
      const templates = request.variants.map((v) => deps.templates.get(v.promptTemplate));
      let variants = request.variants.map((v, i) => ({ ...v, promptTemplate: templateKey(templates[i]!) }));
      const collection = (await deps.library.collections()).find((c) => c.id === request.collectionId);
      if (!collection) throw new AppError('NOT_FOUND', 'No such collection', { collectionId: request.collectionId });
      const workspace = deps.workspaces.answerSettings(request.collectionId);
      // a follow-up keeps its thread's variants, column order and blindness
      const thread = request.followUpOf ? threadOf(request.followUpOf) : [];
      const parent = thread.at(-1);
      if (parent) {
        const same = parent.columns.length === variants.length && parent.columns.every((col, i) => variantKey(col.variant) === variantKey(variants[i]!));
        if (!same) throw new AppError('INVALID_INPUT', 'A follow-up asks the same models as the comparison it continues');
      } else if (request.blind) variants = shuffled(variants);
      const blind = parent ? parent.blind === true : request.blind === true;

      // a used-up budget set to block refuses the whole comparison before anything runs
      deps.resilience.checkBudget();
      // 1. one retrieval for everyone; a follow-up searches for a standalone rewrite of itself (as chat does)
      let query = request.question;
      shared.span('prepare', sendAt, performance.now());
      if (parent) {
        const turns = columnHistory(thread, 0).map((m) => ({ role: m.role as 'user' | 'assistant', content: m.content }));
        query = (await shared.time('rewrite', () => standaloneQuestion({ question: request.question, history: turns, generate: engineGenerate(deps.engines, variants[0]!.model), signal }))).query;
      }
      const retrieval = await deps.library.search({ collectionId: request.collectionId, query, k: workspace.topK, mode: 'hybrid' }, signal, shared);
      const packingFrom = performance.now();
      // trust: flagged passages are marked, and kept out of every prompt with "flag and exclude"
      const guarded = guardPassages(retrieval.passages, settings.passageGuard);
      recordFlaggedPassages(guarded.flagged, { source: 'compare', collectionId: request.collectionId, model: null, metrics: deps.metrics, logger: deps.logger.child('compare') });
      retrieval.passages = guarded.given;
      // 2. identical passages for every variant: pack for the smallest context window among them
      const windows = await Promise.all(variants.map((v) => contextLengthFor(deps.engines, v.model, null)));
      const contextLength = Math.min(...windows);
      let passages: Passage[] = retrieval.passages;
      const prompts = variants.map((v, i) => {
        const built = buildPrompt({ template: deps.templates.get(v.promptTemplate), question: request.question, history: columnHistory(thread, i), passages: retrieval.passages.length > 0 ? retrieval.passages : null, contextLength, instructions: workspace.systemPrompt });
        passages = built.passages;
        return built.prompt;
      });
      const comparison: Comparison = {
        id: crypto.randomUUID(),
        createdAt: Date.now(),
        question: request.question,
        collectionId: collection.id,
        collectionName: collection.name,
        mode: request.mode,
        temperature: request.temperature ?? workspace.temperature,
        passages,
        ...(guarded.withheld.length > 0 ? { withheldPassages: guarded.withheld } : {}),
        embedMs: retrieval.embedMs,
        retrievalMs: retrieval.searchMs,
        columns: variants.map((variant, i) => ({ variant, status: 'waiting', content: '', metrics: null, costUsd: null, error: null, rating: null, prompt: prompts[i]! })),
        winner: null,
        ...(blind ? { blind } : {}),
        ...(parent ? { parentId: parent.id } : {}),
        finished: false,
      };
      store.put(comparison.id, comparison);
      emit({ comparison, columns: [] });
      // columns grow on disk about once a second, so a crash keeps what had streamed
      const checkpoint = createAnswerCheckpoint(() => store.put(comparison.id, comparison));
      const columnsFrom = performance.now();
      shared.span('packing', packingFrom, columnsFrom);
      const sharedMs = columnsFrom - sendAt;

      const price = referencePrice(settings);
      const runColumn = async (index: number): Promise<void> => {
        const column = comparison.columns[index]!;
        if (signal.aborted) return;
        column.status = 'running';
        emit({ columns: [{ index, status: 'running' }] });
        checkpoint.flush();
        const startedAt = performance.now();
        // in parallel mode a column's time runs from Send, so its own part starts where the shared part ended
        const ownFrom = request.mode === 'sequential' ? startedAt : columnsFrom;
        const outcome = await deps.resilience.answer(deps.engines, {
          modelKey: column.variant.model,
          messages: column.prompt,
          temperature: comparison.temperature,
          contextLength,
          signal,
          timeouts: answerTimeoutsFrom(settings),
          onDelta: (delta) => {
            column.content += delta;
            emit({ columns: [{ index, delta }] });
            checkpoint.touch();
          },
        });
        // each column is timed from its own start: in sequential mode the others' time is not its cost
        const metrics = answerMetricsFrom(outcome, { model: column.variant.model, sendAt: request.mode === 'sequential' ? startedAt : sendAt, embedMs: retrieval.embedMs, retrievalMs: retrieval.searchMs });
        const own = createStageTimer();
        recordAttemptStages(own, ownFrom, outcome);
        // parallel: the breakdown's total is the column's (Send → its last token); sequential: the shared part plus the
        // column's own time from its start (its metrics count only the latter)
        const stagesTotal = request.mode === 'sequential' ? sharedMs + metrics.totalMs : metrics.totalMs;
        metrics.stages = stagesFrom([...shared.spans(), ...own.spans()], stagesTotal, { shared: true });
        column.content = outcome.content;
        column.metrics = metrics;
        column.costUsd = price && metrics.promptTokens !== null && metrics.completionTokens !== null ? cloudCostUsd(metrics.promptTokens, metrics.completionTokens, price) : null;
        column.error = outcome.error ? outcome.error.toData() : null;
        column.status = answerStatusOf(outcome);
        // trust: each sentence against the passages it cites
        column.grounding = outcome.error?.code === 'CANCELLED' ? null : await groundAnswer({ answer: outcome.content, passages: comparison.passages, signal, logger: deps.logger.child('compare') });
        deps.metrics.record({ ...answerMetricEvent('compare', metrics, outcome, comparison.collectionId), promptTemplate: column.variant.promptTemplate, attempts: outcome.attempts });
        emit({ columns: [{ index, status: column.status, metrics, costUsd: column.costUsd, error: column.error, grounding: column.grounding }] });
        store.put(comparison.id, comparison);
      };

      if (request.mode === 'parallel') await Promise.all(comparison.columns.map((_, i) => runColumn(i)));
      else for (let i = 0; i < comparison.columns.length; i++) await runColumn(i);

      checkpoint.close();
      comparison.finished = !signal.aborted;
      for (const column of comparison.columns) if (column.status === 'waiting') column.status = 'incomplete';
      store.put(comparison.id, comparison);
      return comparison;
    },

    list: () =>
      store
        .all()
        .sort((a, b) => b.createdAt - a.createdAt)
        .map((c) => ({
          id: c.id,
          createdAt: c.createdAt,
          question: c.question,
          collectionName: c.collectionName,
          mode: c.mode,
          variants: c.columns.map((col) => col.variant),
          winner: c.winner,
          ...(c.tie ? { tie: true } : {}),
          ...(c.blind ? { blind: true } : {}),
          ...(c.parentId ? { parentId: c.parentId } : {}),
        })),
    get,
    thread: threadOf,
    setWinner(id, column) {
      const c = get(id);
      if (typeof column === 'number') columnOf(c, column);
      const { tie: _previousTie, ...rest } = c;
      const next: Comparison = column === 'tie' ? { ...rest, winner: null, tie: true } : { ...rest, winner: column };
      store.put(id, next);
      return next;
    },
    rate(id, column, rating) {
      const c = get(id);
      columnOf(c, column);
      const next = { ...c, columns: c.columns.map((col, i) => (i === column ? { ...col, rating } : col)) };
      store.put(id, next);
      return next;
    },
    delete(id) {
      get(id);
      store.delete(id);
    },
    leaderboard() {
      const entries = new Map<string, { variant: Variant; count: number; decided: number; wins: number; votes: number; ttft: number[]; tps: number[]; ratings: number[] }>();
      const all = store.all();
      // a comparison with the same variant twice is no contest between them: only distinct variants vote
      const votes = all
        .filter((c) => c.winner !== null || c.tie === true)
        .map((c) => ({ id: c.id, createdAt: c.createdAt, keys: c.columns.map((col) => variantKey(col.variant)), winner: c.tie ? null : c.winner }))
        .filter((v) => new Set(v.keys).size === v.keys.length);
      const elo = eloRatings(votes);
      for (const c of all) {
        c.columns.forEach((col, i) => {
          const key = variantKey(col.variant);
          const e = entries.get(key) ?? { variant: col.variant, count: 0, decided: 0, wins: 0, votes: 0, ttft: [], tps: [], ratings: [] };
          e.count++;
          if (c.winner !== null || c.tie === true) e.votes++;
          if (c.winner !== null) e.decided++;
          if (c.winner === i) e.wins++;
          if (col.status === 'complete' && col.metrics) {
            if (col.metrics.ttftMs !== null) e.ttft.push(col.metrics.ttftMs);
            if (col.metrics.tokensPerSecond !== null) e.tps.push(col.metrics.tokensPerSecond);
          }
          if (col.rating !== null) e.ratings.push(col.rating);
          entries.set(key, e);
        });
      }
      return [...entries.values()]
        .map((e) => ({
          variant: e.variant,
          elo: elo.has(variantKey(e.variant)) ? Math.round(elo.get(variantKey(e.variant))!) : null,
          votes: e.votes,
          count: e.count,
          decided: e.decided,
          wins: e.wins,
          winRate: e.decided > 0 ? e.wins / e.decided : null,
          medianTtftMs: median(e.ttft),
          medianTokensPerSecond: median(e.tps),
          meanRating: e.ratings.length > 0 ? e.ratings.reduce((a, b) => a + b, 0) / e.ratings.length : null,
        }))
        .sort((a, b) => (b.elo ?? -Infinity) - (a.elo ?? -Infinity) || (b.winRate ?? -1) - (a.winRate ?? -1) || b.wins - a.wins || b.count - a.count);
    },
  };
}
