// The Chat screen: conversations on the left; the open conversation's settings, messages and question box in
// the middle; the cited passages on the right; the passage viewer over it all. Renderer.
import { useEffect, type ReactNode } from 'react';
import { useChat } from '../../stores/StoresContext';
import { ChatTopBar } from './ChatTopBar';
import { Composer } from './Composer';
import { ConversationList } from './ConversationList';
import { MessageList } from './MessageList';
import { PassageViewer } from './PassageViewer';
import { SourcesPanel } from './SourcesPanel';
import './chat.css';

export function ChatView(): ReactNode {
  const ensureConversation = useChat((s) => s.ensureConversation);
  // the screen always has a conversation to type into
  useEffect(() => {
    void ensureConversation();
  }, [ensureConversation]);

  return (
    <div className="chat" data-testid="chat-view">
      <ConversationList />
      <section className="card chat__main" aria-label="Conversation">
        <ChatTopBar />
        <MessageList />
        <Composer />
      </section>
      <SourcesPanel />
      <PassageViewer />
    </div>
  );
}
