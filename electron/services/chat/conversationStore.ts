// Conversations on disk: one JSON file each under <dataDir>/conversations (atomic writes, see jsonFileStore), with
// the migration of files written before pins, last activity and answer versions existed. Plain Node.
import crypto from 'node:crypto';
import { z } from 'zod';
import { ChatMessageSchema, ConversationSchema, type ChatMessage, type Conversation, type ConversationMatch } from '../../../shared/contract/chat';
import { AppError } from '../../../shared/contract/errors';
import { openJsonFileStore } from '../dataFiles/jsonFileStore';

/**
 * [Note: conversation file versions] v1 files (no `fileVersion`) lack `pinned` and `lastActivityAt`, and their
 * answers have no `versions` (a regenerate overwrote the answer, so there is nothing to recover). They load through
 * this schema and are rewritten as v2 on open: not pinned, last activity = the latest message (else the creation).
 */
const StoredFileSchema = z.object({
  fileVersion: z.literal(2).optional(),
  conversation: ConversationSchema.extend({ lastActivityAt: z.number().optional(), pinned: z.boolean().optional() }),
  messages: z.array(ChatMessageSchema),
});
type StoredFile = z.infer<typeof StoredFileSchema>;
interface ConversationFile {
  fileVersion: 2;
  conversation: Conversation;
  messages: ChatMessage[];
}

/** A stored file as the current version (pure; see [Note: conversation file versions]). */
export function migrateConversationFile(file: StoredFile): ConversationFile {
  const { conversation, messages } = file;
  const lastActivityAt = conversation.lastActivityAt ?? Math.max(conversation.createdAt, ...messages.map((m) => m.createdAt));
  return { fileVersion: 2, conversation: { ...conversation, lastActivityAt, pinned: conversation.pinned ?? false }, messages };
}

/** Pinned first, then the latest activity. */
const byListOrder = (a: Conversation, b: Conversation): number => Number(b.pinned) - Number(a.pinned) || b.lastActivityAt - a.lastActivityAt;

const SNIPPET_CHARS = 120;
const snippetAround = (text: string, at: number, length: number): string => {
  const start = Math.max(0, at - Math.floor((SNIPPET_CHARS - length) / 2));
  const end = Math.min(text.length, start + SNIPPET_CHARS);
  return `${start > 0 ? '…' : ''}${text.slice(start, end).replace(/\s+/g, ' ').trim()}${end < text.length ? '…' : ''}`;
};

export interface ConversationStore {
  /** Pinned first, then by last activity. */
  list(): Conversation[];
  /** Conversations whose title or messages contain the query, case-insensitively, in list order (at most `limit`). */
  search(query: string, limit?: number): ConversationMatch[];
  get(id: string): { conversation: Conversation; messages: ChatMessage[] };
  create(input: Omit<Conversation, 'id' | 'createdAt' | 'updatedAt' | 'lastActivityAt' | 'pinned' | 'messageCount'>): Conversation;
  update(id: string, patch: Partial<Omit<Conversation, 'id' | 'createdAt' | 'lastActivityAt' | 'messageCount'>>): Conversation;
  delete(id: string): void;
  /** Replaces a message (by id), or adds it right after `afterId` (default: at the end); saves at once. */
  putMessage(conversationId: string, message: ChatMessage, afterId?: string): void;
  removeMessage(conversationId: string, messageId: string): void;
  /** Removes a message and every message after it (edit and resend). */
  truncateFrom(conversationId: string, messageId: string): void;
}

/** An answer still marked streaming when the store opens was being written when Loci stopped: keep it, as incomplete. */
const interrupted = (m: ChatMessage): ChatMessage =>
  m.status === 'streaming' ? { ...m, status: 'incomplete', error: { code: 'ANSWER_INTERRUPTED', message: 'Loci stopped while this answer was being written; what had arrived is kept. Regenerate to ask again.' } } : m;

export function openConversationStore(dir: string): ConversationStore {
  const files = openJsonFileStore(dir, StoredFileSchema, (f) => f.conversation.id);
  for (const stored of files.all()) {
    const entry = migrateConversationFile(stored);
    // no answer runs yet in this process: every checkpointed one was cut short by the last run ending
    const streaming = entry.messages.some((m) => m.status === 'streaming');
    if (streaming || stored.fileVersion !== 2) files.put(entry.conversation.id, streaming ? { ...entry, messages: entry.messages.map(interrupted) } : entry);
  }
  const all = (): ConversationFile[] => files.all().map(migrateConversationFile);
  const entryOf = (id: string): ConversationFile => {
    const stored = files.get(id);
    const entry = stored && migrateConversationFile(stored);
    if (!entry) throw new AppError('NOT_FOUND', 'That conversation no longer exists', { id });
    return entry;
  };
  /** `activity`: the messages changed, so the conversation moves up the list. */
  const save = (entry: ConversationFile, touch = true, activity = false): ConversationFile => {
    const now = Date.now();
    const next = { ...entry, conversation: { ...entry.conversation, messageCount: entry.messages.length, ...(touch ? { updatedAt: now } : {}), ...(activity ? { lastActivityAt: now } : {}) } };
    files.put(next.conversation.id, next);
    return next;
  };
  return {
    list: () => all().map((e) => e.conversation).sort(byListOrder),
    search(query, limit = 200) {
      const needle = query.trim().toLocaleLowerCase();
      if (!needle) return [];
      const matches: ConversationMatch[] = [];
      for (const entry of all().sort((a, b) => byListOrder(a.conversation, b.conversation))) {
        if (matches.length >= limit) break;
        const inTitle = entry.conversation.title.toLocaleLowerCase().includes(needle);
        let snippet: string | null = null;
        for (const m of entry.messages) {
          const at = m.content.toLocaleLowerCase().indexOf(needle);
          if (at >= 0) {
            snippet = snippetAround(m.content, at, needle.length);
            break;
          }
        }
        if (inTitle || snippet !== null) matches.push({ conversationId: entry.conversation.id, matchedIn: inTitle ? 'title' : 'content', snippet });
      }
      return matches;
    },
    get: (id) => {
      const entry = entryOf(id);
      return { conversation: entry.conversation, messages: [...entry.messages] };
    },
    create(input) {
      const now = Date.now();
      const conversation: Conversation = { ...input, id: crypto.randomUUID(), createdAt: now, updatedAt: now, lastActivityAt: now, pinned: false, messageCount: 0 };
      return save({ fileVersion: 2, conversation, messages: [] }, false).conversation;
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
      save({ ...entry, messages }, true, true);
    },
    removeMessage(conversationId, messageId) {
      const entry = entryOf(conversationId);
      save({ ...entry, messages: entry.messages.filter((m) => m.id !== messageId) }, true, true);
    },
    truncateFrom(conversationId, messageId) {
      const entry = entryOf(conversationId);
      const index = entry.messages.findIndex((m) => m.id === messageId);
      if (index < 0) throw new AppError('NOT_FOUND', 'That message is no longer in this conversation', { messageId });
      save({ ...entry, messages: entry.messages.slice(0, index) }, true, true);
    },
  };
}
