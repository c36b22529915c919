// Conversations on disk: one JSON file each under <dataDir>/conversations (atomic writes, see jsonFileStore).
import crypto from 'node:crypto';
import { z } from 'zod';
import { ChatMessageSchema, ConversationSchema, type ChatMessage, type Conversation } from '../../../shared/contract/chat';
import { AppError } from '../../../shared/contract/errors';
import { openJsonFileStore } from '../storage/jsonFileStore';

const FileSchema = z.object({ conversation: ConversationSchema, messages: z.array(ChatMessageSchema) });
type ConversationFile = z.infer<typeof FileSchema>;

export interface ConversationStore {
  list(): Conversation[];
  get(id: string): { conversation: Conversation; messages: ChatMessage[] };
  create(input: Omit<Conversation, 'id' | 'createdAt' | 'updatedAt' | 'messageCount'>): Conversation;
  update(id: string, patch: Partial<Omit<Conversation, 'id' | 'createdAt' | 'messageCount'>>): Conversation;
  delete(id: string): void;
  /** Replaces a message (by id), or adds it right after `afterId` (default: at the end); saves at once. */
  putMessage(conversationId: string, message: ChatMessage, afterId?: string): void;
  removeMessage(conversationId: string, messageId: string): void;
}

/** An answer still marked streaming when the store opens was being written when Loci stopped: keep it, as incomplete. */
const interrupted = (m: ChatMessage): ChatMessage =>
  m.status === 'streaming' ? { ...m, status: 'incomplete', error: { code: 'ANSWER_INTERRUPTED', message: 'Loci stopped while this answer was being written; what had arrived is kept. Regenerate to ask again.' } } : m;

export function openConversationStore(dir: string): ConversationStore {
  const files = openJsonFileStore(dir, FileSchema, (f) => f.conversation.id);
  // no answer runs yet in this process: every checkpointed one was cut short by the last run ending
  for (const entry of files.all()) {
    if (entry.messages.some((m) => m.status === 'streaming')) files.put(entry.conversation.id, { ...entry, messages: entry.messages.map(interrupted) });
  }
  const entryOf = (id: string): ConversationFile => {
    const entry = files.get(id);
    if (!entry) throw new AppError('NOT_FOUND', 'That conversation no longer exists', { id });
    return entry;
  };
  const save = (entry: ConversationFile, touch = true): ConversationFile => {
    const next = { ...entry, conversation: { ...entry.conversation, messageCount: entry.messages.length, ...(touch ? { updatedAt: Date.now() } : {}) } };
    files.put(next.conversation.id, next);
    return next;
  };
  return {
    list: () => files.all().map((e) => e.conversation).sort((a, b) => b.updatedAt - a.updatedAt),
    get: (id) => {
      const entry = entryOf(id);
      return { conversation: entry.conversation, messages: [...entry.messages] };
    },
    create(input) {
      const now = Date.now();
      const conversation: Conversation = { ...input, id: crypto.randomUUID(), createdAt: now, updatedAt: now, messageCount: 0 };
      return save({ conversation, messages: [] }, false).conversation;
    },
    update(id, patch) {
      const entry = entryOf(id);
      return save({ ...entry, conversation: { ...entry.conversation, ...patch } }).conversation;
    },
    delete(id) {
      entryOf(id);
      files.delete(id);
    },
    putMessage(conversationId, message, afterId) {
      const entry = entryOf(conversationId);
      const index = entry.messages.findIndex((m) => m.id === message.id);
      let messages: ChatMessage[];
      if (index >= 0) messages = entry.messages.map((m, i) => (i === index ? message : m));
      else {
        const after = afterId === undefined ? -1 : entry.messages.findIndex((m) => m.id === afterId);
        messages = after < 0 ? [...entry.messages, message] : [...entry.messages.slice(0, after + 1), message, ...entry.messages.slice(after + 1)];
      }
      save({ ...entry, messages });
    },
    removeMessage(conversationId, messageId) {
      const entry = entryOf(conversationId);
      save({ ...entry, messages: entry.messages.filter((m) => m.id !== messageId) });
    },
  };
}
