// The Chat screen (placeholder until chat lands). Renderer.
import type { ReactNode } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';

export function ChatView(): ReactNode {
  return (
    <Page title="Chat" lead="Ask questions and get answers grounded in your documents." testId="view-chat">
      <EmptyState icon="chat" title="No conversations yet">
        <p>Chat with a local model about your library. Every answer will show the passages it came from.</p>
        <p>Chat is coming soon.</p>
      </EmptyState>
    </Page>
  );
}
