// The Chat screen: conversations on the left; the open conversation's settings, messages and question box in
// the middle; the cited passages on the right (folded on a narrow window, shown over the screen when a citation
// is clicked); the passage viewer over it all. Renderer.
import { useEffect, type ReactNode } from 'react';
import { Icon } from '../../components/Icon';
import { isPanelOpen } from '../../stores/layoutStore';
import { useChat, useLayout } from '../../stores/StoresContext';
import { ChatTopBar } from './ChatTopBar';
import { Composer } from './Composer';
import { ConversationList } from './ConversationList';
import { MessageList } from './MessageList';
import { NoModelNotice } from './NoModelNotice';
import { PassageViewer } from './PassageViewer';
import { SourcesPanel } from './SourcesPanel';
import './chat.css';

export function ChatView(): ReactNode {
  const ensureConversation = useChat((s) => s.ensureConversation);
  const sourcesOpen = useLayout((s) => isPanelOpen(s, 'sources'));
  const peeking = useLayout((s) => s.peeking === 'sources');
  const unpeek = useLayout((s) => s.unpeek);
  // the screen always has a conversation to type into
  useEffect(() => {
    void ensureConversation();
  }, [ensureConversation]);

  return (
    <div className={sourcesOpen || peeking ? 'chat' : 'chat chat--sources-folded'} data-testid="chat-view" data-sources={sourcesOpen ? 'open' : peeking ? 'peeking' : 'folded'}>
      <ConversationList />
      <section className="card chat__main" aria-label="Conversation">
        <ChatTopBar />
        <NoModelNotice />
        <MessageList />
        <Composer />
      </section>
      {sourcesOpen ? <SourcesPanel /> : null}
      {!sourcesOpen && peeking ? (
        <div className="chat__sources-peek" onKeyDown={(event) => event.key === 'Escape' && unpeek()}>
          <button type="button" className="chat__sources-close" aria-label="Close sources" title="Close sources" onClick={unpeek} data-testid="sources-close">
            <Icon name="close" />
          </button>
          <SourcesPanel />
        </div>
      ) : null}
      <PassageViewer />
    </div>
  );
}
