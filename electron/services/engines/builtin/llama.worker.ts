// The built-in engine's child process: node-llama-cpp's prebuilt llama.cpp, one model loaded at a time, one answer
// at a time. A native crash here ends only this process; the parent reports it and starts a new one.
import { getLlama, GgufInsights, LlamaChat, LlamaLogLevel, readGgufFileInfo, type ChatHistoryItem, type Llama, type LlamaContext, type LlamaModel } from 'node-llama-cpp';
import type { LlamaReply, LlamaRequest } from './llamaProtocol';

const send = (reply: LlamaReply): void => {
  process.send?.(reply);
};

let llamaPromise: Promise<Llama> | null = null;
// prebuilt binaries only (never a compile at run time), CPU: the same behaviour on every machine
const llama = (): Promise<Llama> => (llamaPromise ??= getLlama({ build: 'never', gpu: false, progressLogs: false, logLevel: LlamaLogLevel.error }));

interface Loaded {
  path: string;
  contextSize: number;
  threads: number;
  model: LlamaModel;
  context: LlamaContext;
  chat: LlamaChat;
}
let loaded: Loaded | null = null;
const running = new Map<number, AbortController>();
// one answer at a time: a second one waits for the first
let queue: Promise<void> = Promise.resolve();

async function ensureLoaded(path: string, contextSize: number, threads: number): Promise<{ entry: Loaded; loadMs: number }> {
  if (loaded && loaded.path === path && loaded.contextSize === contextSize && loaded.threads === threads) return { entry: loaded, loadMs: 0 };
  const started = performance.now();
  if (loaded) {
    const previous = loaded;
    loaded = null;
    await previous.context.dispose();
    await previous.model.dispose();
  }
  const instance = await llama();
  const model = await instance.loadModel({ modelPath: path, gpuLayers: 0 });
  const size = Math.max(64, Math.min(contextSize, model.trainContextSize || contextSize));
  const context = await model.createContext({ contextSize: size, threads });
  const chat = new LlamaChat({ contextSequence: context.getSequence() });
  loaded = { path, contextSize, threads, model, context, chat };
  return { entry: loaded, loadMs: performance.now() - started };
}

const toHistory = (messages: { role: string; content: string }[]): ChatHistoryItem[] =>
  messages.map((m): ChatHistoryItem => (m.role === 'system' ? { type: 'system', text: m.content } : m.role === 'user' ? { type: 'user', text: m.content } : { type: 'model', response: [m.content] }));

async function generate(request: Extract<LlamaRequest, { type: 'generate' }>): Promise<void> {
  const controller = running.get(request.id)!;
  const { entry, loadMs } = await ensureLoaded(request.path, request.contextSize, request.threads);
  const sequence = entry.chat.sequence;
  // every answer stands alone: the prompt carries its own history
  await sequence.clearHistory();
  const before = sequence.tokenMeter.getState();
  let firstAt: number | null = null;
  let lastAt: number | null = null;
  const history = toHistory(request.messages);
  // LlamaChat answers after the last user message: the history ends with an empty model turn to fill
  history.push({ type: 'model', response: [] });
  const response = await entry.chat.generateResponse(history, {
    temperature: request.temperature,
    maxTokens: request.maxTokens,
    signal: controller.signal,
    stopOnAbortSignal: true,
    onTextChunk: (text) => {
      const now = performance.now();
      firstAt ??= now;
      lastAt = now;
      if (text) send({ type: 'delta', id: request.id, text });
    },
  });
  const used = sequence.tokenMeter.diff(before);
  send({
    type: 'generated',
    id: request.id,
    result: {
      loadMs,
      promptTokens: used.usedInputTokens,
      completionTokens: used.usedOutputTokens,
      generationMs: firstAt !== null && lastAt !== null ? lastAt - firstAt : null,
      stopReason: response.metadata.stopReason,
    },
  });
}

async function inspect(request: Extract<LlamaRequest, { type: 'inspect' }>): Promise<void> {
  const info = await readGgufFileInfo(request.path, { readTensorInfo: true });
  const general = info.metadata.general;
  const arch = general.architecture as string | undefined;
  const archMeta = arch ? (info.metadata as unknown as Record<string, { context_length?: unknown } | undefined>)[arch] : undefined;
  const trained = typeof archMeta?.context_length === 'number' ? archMeta.context_length : null;
  let parameterCount: number | null = null;
  let requiredMemoryBytes: number | null = null;
  try {
    const insights = await GgufInsights.from(info, await llama());
    parameterCount = insights.totalParameters || null;
    const contextSize = Math.max(64, Math.min(request.contextSize, trained ?? request.contextSize));
    const modelNeeds = await insights.estimateModelResourceRequirementsV2({ gpuLayers: 0 });
    const contextNeeds = await insights.estimateContextResourceRequirementsV2({ contextSize, modelGpuLayers: 0, sequences: 1 });
    requiredMemoryBytes = modelNeeds.cpuRam + contextNeeds.cpuRam;
  } catch {
    // an architecture llama.cpp does not know: listed, without an estimate; loading it will say why
  }
  send({
    type: 'inspected',
    id: request.id,
    result: {
      architecture: arch ?? null,
      name: typeof general.name === 'string' ? general.name : null,
      sizeLabel: typeof general.size_label === 'string' ? general.size_label : null,
      parameterCount,
      fileType: typeof general.file_type === 'number' ? fileTypeName(general.file_type) : null,
      contextLength: trained !== null && trained > 0 ? Math.round(trained) : null,
      requiredMemoryBytes,
    },
  });
}

// llama.cpp's LLAMA_FTYPE values for the common quantizations (general.file_type)
const FILE_TYPES: Record<number, string> = {
  0: 'F32', 1: 'F16', 2: 'Q4_0', 3: 'Q4_1', 7: 'Q8_0', 8: 'Q5_0', 9: 'Q5_1', 10: 'Q2_K', 11: 'Q3_K_S', 12: 'Q3_K_M', 13: 'Q3_K_L',
  14: 'Q4_K_S', 15: 'Q4_K_M', 16: 'Q5_K_S', 17: 'Q5_K_M', 18: 'Q6_K', 19: 'IQ2_XXS', 20: 'IQ2_XS', 24: 'IQ1_S', 25: 'IQ4_NL',
  26: 'IQ3_S', 27: 'IQ3_M', 28: 'IQ2_S', 29: 'IQ2_M', 30: 'IQ4_XS', 31: 'IQ1_M', 32: 'BF16',
};
const fileTypeName = (value: number): string => FILE_TYPES[value] ?? `type ${value}`;

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error)).slice(0, 500);

process.on('message', (raw: LlamaRequest) => {
  if (raw.type === 'cancel') {
    running.get(raw.id)?.abort();
    return;
  }
  if (raw.type === 'generate') running.set(raw.id, new AbortController());
  const task = async (): Promise<void> => {
    try {
      if (raw.type === 'inspect') await inspect(raw);
      else await generate(raw);
    } catch (error) {
      const message = describe(error);
      const code = /ENOENT|no such file/i.test(message) ? 'MODEL_NOT_FOUND' : 'ENGINE_ERROR';
      send({ type: 'error', id: raw.id, code, message });
    } finally {
      running.delete(raw.id);
    }
  };
  // inspection reads a file and may run beside an answer; answers take turns
  if (raw.type === 'inspect') void task();
  else queue = queue.then(task);
});

// the parent going away takes this process with it
process.on('disconnect', () => process.exit(0));
