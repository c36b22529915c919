// What an empty conversation shows: what to do, which collection answers come from, and a way to add documents
// when it has none. Renderer.
import type { ReactNode } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { formatCount } from '../../lib/format';
import { useChat, useLibrary } from '../../stores/StoresContext';
import { routeHref } from '../../lib/routes';

export function ChatEmptyState(): ReactNode {
  const collectionId = useChat((s) => s.conversation?.collectionId ?? null);
  const collection = useLibrary((s) => s.collections?.find((c) => c.id === collectionId) ?? null);
  return (
    <EmptyState icon="chat" title="Ask a question about your documents" testId="chat-empty">
      {collection ? (
        <p data-testid="chat-empty-collection">
          Answers come from <strong>{collection.name}</strong>: {formatCount(collection.documentCount)} {collection.documentCount === 1 ? 'document' : 'documents'}. Every answer cites
          the passages it used.
        </p>
      ) : (
        <p>Every answer cites the passages it used.</p>
      )}
      {collection && collection.documentCount === 0 ? (
        <p data-testid="chat-empty-import">
          This collection has no documents yet. <a href={routeHref('library')}>Import some in the Library</a>, or pick another collection above.
        </p>
      ) : null}
    </EmptyState>
  );
}
