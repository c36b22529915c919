// Thumbs up or down on one chat answer; a thumbs down asks, optionally, why (wrong, not in my documents,
// incomplete, other) with a short note. Clicking the chosen thumb again clears it. Renderer.
import { useState, type FormEvent, type ReactNode } from 'react';
import type { ChatMessage } from '../../../../shared/contract/chat';
import type { AnswerFeedback, FeedbackRating, FeedbackReason } from '../../../../shared/contract/feedback';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { SelectField, type SelectOption } from '../../components/SelectField';
import { useChat, useFeedback } from '../../stores/StoresContext';
import './feedback.css';

const REASONS: readonly SelectOption<FeedbackReason | 'none'>[] = [
  { value: 'none', label: 'No reason' },
  { value: 'wrong', label: 'Wrong' },
  { value: 'not-in-documents', label: 'Not in my documents' },
  { value: 'incomplete', label: 'Incomplete' },
  { value: 'other', label: 'Other' },
];
const NOTE_LIMIT = 500;

export function AnswerFeedbackBar({ message }: { message: ChatMessage }): ReactNode {
  const conversationId = useChat((s) => s.openId);
  const given = useFeedback((s) => (s.given.has(message.id) ? (s.given.get(message.id) ?? null) : undefined));
  const saving = useFeedback((s) => s.saving.has(message.id));
  const error = useFeedback((s) => s.errors.get(message.id) ?? null);
  const rate = useFeedback((s) => s.rate);
  const current: AnswerFeedback | null = given !== undefined ? given : (message.feedback ?? null);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState<FeedbackReason | 'none'>('none');
  const [note, setNote] = useState('');
  if (!conversationId) return null;

  const send = (rating: FeedbackRating | null, extra: { reason?: FeedbackReason | null; note?: string | null } = {}): void => {
    void rate({ conversationId, messageId: message.id, rating, ...extra });
  };
  const thumbsDown = (): void => {
    if (current?.rating === 'down') {
      setAsking(false);
      return send(null);
    }
    send('down');
    setReason('none');
    setNote('');
    setAsking(true);
  };
  const submitReason = (event: FormEvent): void => {
    event.preventDefault();
    send('down', { reason: reason === 'none' ? null : reason, note: note.trim() || null });
    setAsking(false);
  };

  return (
    <div className="answer-feedback" data-testid="answer-feedback" data-rating={current?.rating ?? ''}>
      <Button variant="ghost" className="message__action answer-feedback__thumb" aria-pressed={current?.rating === 'up'} aria-label="Good answer" title="Good answer" disabled={saving} onClick={() => send(current?.rating === 'up' ? null : 'up')} data-testid="feedback-up">
        <Icon name="thumbsUp" size={16} />
      </Button>
      <Button variant="ghost" className="message__action answer-feedback__thumb" aria-pressed={current?.rating === 'down'} aria-label="Bad answer" title="Bad answer" disabled={saving} onClick={thumbsDown} data-testid="feedback-down">
        <Icon name="thumbsDown" size={16} />
      </Button>
      {current?.rating === 'down' && current.reason && !asking ? <span className="answer-feedback__reason">{REASONS.find((r) => r.value === current.reason)?.label}</span> : null}
      {asking ? (
        <form className="answer-feedback__form" onSubmit={submitReason} data-testid="feedback-form">
          <SelectField<FeedbackReason | 'none'> label="What was wrong?" value={reason} options={REASONS} onChange={(v) => setReason(v)} testId="feedback-reason" />
          <label className="answer-feedback__note">
            <span>Note (optional)</span>
            <input className="field__input" value={note} maxLength={NOTE_LIMIT} onChange={(e) => setNote(e.target.value)} data-testid="feedback-note" />
          </label>
          <div className="answer-feedback__buttons">
            <Button type="submit" variant="primary" busy={saving} data-testid="feedback-send">
              Send
            </Button>
            <Button onClick={() => setAsking(false)}>Skip</Button>
          </div>
        </form>
      ) : null}
      {error ? (
        <p className="chat__error" role="alert">
          {error.message}
        </p>
      ) : null}
    </div>
  );
}
