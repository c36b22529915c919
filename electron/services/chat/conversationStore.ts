// Conversations on disk: one JSON file each under <dataDir>/conversations, written atomically (temp + rename),
// so a crash never leaves a half-written history. An unreadable file is set aside, never fatal.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ChatMessageSchema, ConversationSchema, type ChatMessage, type Conversation } from '../../../shared/contract/chat';
import { AppError } from '../../../shared/contract/errors';

const FileSchema = z.object({ conversation: ConversationSchema, messages: z.array(ChatMessageSchema) });
type ConversationFile = z.infer<typeof FileSchema>;

export interface ConversationStore {
  list(): Conversation[];
  get(id: string): { conversation: Conversation; messages: ChatMessage[] };
  create(input: Omit<Conversation, 'id' | 'createdAt' | 'updatedAt' | 'messageCount'>): Conversation;
  update(id: string, patch: Partial<Omit<Conversation, 'id' | 'createdAt' | 'messageCount'>>): Conversation;
  delete(id: string): void;
  /** Adds or replaces (by id) a message and saves at once. */
  putMessage(conversationId: string, message: ChatMessage): void;
  removeMessage(conversationId: string, messageId: string): void;
}

export function openConversationStore(dir: string): ConversationStore {
  fs.mkdirSync(dir, { recursive: true });
  const cache = new Map<string, ConversationFile>();
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith('.json')) continue;
    const file = path.join(dir, name);
    try {
      const parsed = FileSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
      cache.set(parsed.conversation.id, parsed);
    } catch {
      fs.renameSync(file, `${file}.unreadable-${Date.now()}`);
    }
  }
  const fileOf = (id: string): string => path.join(dir, `${id}.json`);
  const save = (entry: ConversationFile): void => {
    entry.conversation = { ...entry.conversation, messageCount: entry.messages.length };
    const target = fileOf(entry.conversation.id);
    const tmp = `${target}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(entry));
    fs.renameSync(tmp, target);
  };
  const entryOf = (id: string): ConversationFile => {
    const entry = cache.get(id);
    if (!entry) throw new AppError('NOT_FOUND', 'That conversation no longer exists', { id });
    return entry;
  };
  return {
    list: () => [...cache.values()].map((e) => e.conversation).sort((a, b) => b.updatedAt - a.updatedAt),
    get: (id) => {
      const entry = entryOf(id);
      return { conversation: entry.conversation, messages: [...entry.messages] };
    },
    create(input) {
      const now = Date.now();
      const conversation: Conversation = { ...input, id: crypto.randomUUID(), createdAt: now, updatedAt: now, messageCount: 0 };
      const entry = { conversation, messages: [] };
      cache.set(conversation.id, entry);
      save(entry);
      return conversation;
    },
    update(id, patch) {
      const entry = entryOf(id);
      entry.conversation = { ...entry.conversation, ...patch, updatedAt: Date.now() };
      save(entry);
      return entry.conversation;
    },
    delete(id) {
      entryOf(id);
      cache.delete(id);
      fs.rmSync(fileOf(id), { force: true });
    },
    putMessage(conversationId, message) {
      const entry = entryOf(conversationId);
      const index = entry.messages.findIndex((m) => m.id === message.id);
      if (index >= 0) entry.messages[index] = message;
      else entry.messages.push(message);
      entry.conversation = { ...entry.conversation, updatedAt: Date.now() };
      save(entry);
    },
    removeMessage(conversationId, messageId) {
      const entry = entryOf(conversationId);
      entry.messages = entry.messages.filter((m) => m.id !== messageId);
      save(entry);
    },
  };
}
