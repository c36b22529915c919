// Bringing a part of the message list into view without the list pulling it back to the bottom. Renderer.

/** Dispatched (bubbling) by a part of the list that brings itself into view: the list stops following the bottom. */
export const UNPIN_EVENT = 'loci-chat-unpin';

/** Scrolls an element of the message list into view, and keeps it there while the list grows. */
export function revealInList(element: HTMLElement): void {
  element.dispatchEvent(new Event(UNPIN_EVENT, { bubbles: true }));
  element.scrollIntoView({ block: 'start' });
}
