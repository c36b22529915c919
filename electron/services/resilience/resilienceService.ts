// The engine-side reliability layer every generated answer passes (chat and Compare): the concurrency cap, the
// engine's and the model's circuit breakers, retries with backoff before the first token, and the budget gate.
// Plain Node, main side; clock, randomness and sleep are injectable so tests never wait on wall time.
import { AppError } from '../../../shared/contract/errors';
import type { MetricEvent } from '../../../shared/contract/metrics';
import { modelLabel, parseModelKey } from '../../../shared/contract/models';
import type { BudgetStatus } from '../../../shared/contract/resilience';
import type { Settings } from '../../../shared/contract/settings';
import { streamAnswer, type StreamAnswerRequest } from '../answers/streamAnswer';
import type { AnswerStreamOutcome } from '../engines/modelEngine';
import type { ModelEngines } from '../engines/modelEngines';
import type { Logger } from '../logging/logger';
import { budgetStatus } from './budgets';
import { createBreakerRegistry, type BreakerRegistry, type BreakerTicket } from './circuitBreaker';
import { createConcurrencyGate, type ConcurrencyGate } from './concurrencyGate';
import { abortableSleep, isTransient, nextRetry } from './retryPolicy';

export interface GuardedOutcome extends AnswerStreamOutcome {
  /** Requests sent to the engine (1 without retries; 0 when a breaker or the budget refused it). */
  attempts: number;
  /** performance.now() when the first attempt started (the generation slot granted) and when the last one did. */
  firstAttemptAt: number;
  lastAttemptAt: number;
}

export interface ResilienceService {
  readonly breakers: BreakerRegistry;
  readonly gate: ConcurrencyGate;
  /** One answer under the cap, the breakers and the retry policy, with the max answer length from Settings. Never throws. */
  answer(engines: ModelEngines, request: StreamAnswerRequest): Promise<GuardedOutcome>;
  budget(): BudgetStatus;
  /** Throws BUDGET_EXCEEDED when a budget is used up and Settings say block. */
  checkBudget(): void;
}

export interface ResilienceDeps {
  getSettings: () => Settings;
  /** The recorded metric events (budget use is computed from them). */
  events: () => readonly MetricEvent[];
  logger: Logger;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** Failures that say the engine itself is down, not one model: counted on the engine's breaker. */
const ENGINE_WIDE = new Set(['OLLAMA_UNREACHABLE', 'ENGINE_UNAVAILABLE', 'ENGINE_CRASHED']);

const emptyOutcome = (error: AppError, at = performance.now()): GuardedOutcome => ({
  content: '',
  error,
  attempts: 0,
  firstAttemptAt: at,
  lastAttemptAt: at,
  timing: { requestAt: at, ttftMs: null, durationMs: 0, loadMs: null, promptTokens: null, completionTokens: null, tokensPerSecond: null, doneReason: null },
});

export function createResilienceService(deps: ResilienceDeps): ResilienceService {
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const sleep = deps.sleep ?? abortableSleep;
  const log = deps.logger.child('resilience');
  const breakers = createBreakerRegistry({
    now,
    policy: () => {
      const b = deps.getSettings().breaker;
      return { failureThreshold: b.failureThreshold, windowMs: b.windowSec * 1000, cooldownMs: b.cooldownSec * 1000 };
    },
  });
  const gate = createConcurrencyGate(() => deps.getSettings().maxConcurrentGenerations);
  const budget = (): BudgetStatus => budgetStatus(deps.events(), deps.getSettings(), now(), { active: gate.active() });

  /** Reports an attempt's outcome to both breakers it went through. */
  const report = (tickets: { engine: BreakerTicket; model: BreakerTicket }, outcome: AnswerStreamOutcome): void => {
    const error = outcome.error;
    if (error === null) {
      breakers.succeeded(tickets.engine);
      breakers.succeeded(tickets.model);
      return;
    }
    const counts = error.code !== 'CANCELLED' && (isTransient(error) || error.code === 'ANSWER_TIMEOUT');
    if (!counts) {
      // tokens arrived before a Stop, or a refusal like MODEL_NOT_FOUND: the engine was reached
      if (outcome.content.length > 0 || error.code === 'MODEL_NOT_FOUND') breakers.succeeded(tickets.engine);
      else breakers.released(tickets.engine);
      breakers.released(tickets.model);
      return;
    }
    if (ENGINE_WIDE.has(error.code)) {
      breakers.failed(tickets.engine, error.toData());
      breakers.released(tickets.model);
    } else {
      breakers.succeeded(tickets.engine);
      breakers.failed(tickets.model, error.toData());
    }
  };

  return {
    breakers,
    gate,
    budget,
    checkBudget() {
      const status = budget();
      if (status.blocked) throw new AppError('BUDGET_EXCEEDED', `A budget is used up: ${status.messages.join('; ')}. Raise the limit or choose "warn" in Settings.`, { lines: status.lines.filter((l) => l.state === 'exceeded') });
    },
    async answer(engines, request) {
      const settings = deps.getSettings();
      const ref = parseModelKey(request.modelKey);
      let release: () => void;
      try {
        release = await gate.acquire(request.signal);
      } catch {
        return emptyOutcome(new AppError('CANCELLED', 'Stopped'));
      }
      try {
        const policy = { ...settings.retry, totalCapMs: settings.retry.totalCapSec * 1000 };
        const startedAt = now();
        // on the stage timer's clock (answers/stageTimer): where the wait ends and the retries are
        const firstAttemptAt = performance.now();
        let lastAttemptAt = firstAttemptAt;
        for (let attempt = 1; ; attempt++) {
          if (attempt > 1) lastAttemptAt = performance.now();
          let tickets: { engine: BreakerTicket; model: BreakerTicket };
          try {
            const engine = breakers.admit(`engine:${ref.engine}`, 'engine', `The ${ref.engine === 'builtin' ? 'built-in engine' : 'Ollama engine'}`);
            try {
              tickets = { engine, model: breakers.admit(request.modelKey, 'model', modelLabel(ref)) };
            } catch (error) {
              breakers.released(engine);
              throw error;
            }
          } catch (error) {
            if (!(error instanceof AppError)) throw error;
            return { ...emptyOutcome(error), attempts: attempt - 1, firstAttemptAt, lastAttemptAt: performance.now() };
          }
          const outcome = await streamAnswer(engines, { ...request, maxTokens: request.maxTokens ?? settings.maxAnswerTokens });
          report(tickets, outcome);
          const times = { firstAttemptAt, lastAttemptAt };
          if (outcome.error === null || request.signal.aborted) return { ...outcome, attempts: attempt, ...times };
          const decision = nextRetry(attempt, { error: outcome.error, content: outcome.content }, now() - startedAt, policy, random);
          if (!decision.retry) return { ...outcome, attempts: attempt, ...times };
          log.info('retrying answer', { model: request.modelKey, attempt, code: outcome.error.code, delayMs: Math.round(decision.delayMs) });
          try {
            await sleep(decision.delayMs, request.signal);
          } catch {
            return { ...outcome, error: new AppError('CANCELLED', 'Stopped'), attempts: attempt, ...times };
          }
        }
      } finally {
        release();
      }
    },
  };
}

