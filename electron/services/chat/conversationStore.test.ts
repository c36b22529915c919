// The conversation files: v1 files (before pins, last activity and answer versions) migrate on open. Plain Node.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateConversationFile, openConversationStore } from './conversationStore';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const message = (id: string, role: 'user' | 'assistant', createdAt: number, content: string) => ({
  id, role, content, createdAt, status: 'complete', model: null, promptTemplate: null, passages: [], grounded: true, prompt: [], metrics: null, error: null,
});
const v1File = {
  conversation: { id: 'old', title: 'Old one', collectionId: 'default', model: null, temperature: 0.2, contextLength: null, createdAt: 100, updatedAt: 900, messageCount: 2 },
  messages: [message('q', 'user', 200, 'What is a duck?'), message('a', 'assistant', 300, 'A bird.')],
};

describe('conversation files', () => {
  it('migrates a v1 file: not pinned, last activity from its latest message, rewritten as v2', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loci-conv-'));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'old.json'), JSON.stringify(v1File));
    const store = openConversationStore(dir);
    expect(store.list()).toEqual([{ ...v1File.conversation, pinned: false, lastActivityAt: 300 }]);
    expect(store.get('old').messages.map((m) => m.versions)).toEqual([undefined, undefined]);
    const onDisk = JSON.parse(fs.readFileSync(path.join(dir, 'old.json'), 'utf8')) as { fileVersion: number; conversation: { lastActivityAt: number } };
    expect(onDisk.fileVersion).toBe(2);
    expect(onDisk.conversation.lastActivityAt).toBe(300);
  });

  it('uses the creation time for an empty conversation, and leaves a v2 file as it is', () => {
    const empty = migrateConversationFile({ conversation: { ...v1File.conversation, messageCount: 0 }, messages: [] });
    expect(empty.conversation).toMatchObject({ lastActivityAt: 100, pinned: false });
    const v2 = { fileVersion: 2 as const, conversation: { ...v1File.conversation, lastActivityAt: 5, pinned: true }, messages: [] };
    expect(migrateConversationFile(v2)).toEqual(v2);
  });

  it('truncates from a message, and says when it is gone', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loci-conv-'));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'old.json'), JSON.stringify(v1File));
    const store = openConversationStore(dir);
    store.truncateFrom('old', 'a');
    expect(store.get('old').messages.map((m) => m.id)).toEqual(['q']);
    expect(store.get('old').conversation.messageCount).toBe(1);
    expect(() => store.truncateFrom('old', 'a')).toThrow(/no longer/);
  });
});
