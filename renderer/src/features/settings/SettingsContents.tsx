// "On this page": the Settings sections as links beside them where the window is wide enough (the screen is a long
// column of cards; at 1920 px a third of the window stood empty beside it). It reads the section titles from the
// page as rendered, so a section added to Settings is listed without being named twice. Renderer.
import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';

interface Entry {
  id: string;
  title: string;
}

export function SettingsContents({ pageRef, ready }: { pageRef: RefObject<HTMLElement | null>; ready: boolean }): ReactNode {
  const [entries, setEntries] = useState<Entry[]>([]);
  const [current, setCurrent] = useState<string | null>(null);
  // a chosen section stays marked while the page scrolls to it (the last sections cannot reach the top)
  const chosenAt = useRef(0);

  useEffect(() => {
    const page = pageRef.current;
    if (!page || !ready) return;
    const headings = [...page.querySelectorAll<HTMLHeadingElement>('section.section > .section__header > h2[id]')];
    setEntries(headings.map((h) => ({ id: h.id, title: h.textContent ?? '' })));
    // the section whose title last passed the top third of the window is the one being read
    const observer = new IntersectionObserver(
      (changes) => {
        if (performance.now() - chosenAt.current < 1000) return;
        const visible = changes.filter((c) => c.isIntersecting).map((c) => c.target.id);
        if (visible[0]) setCurrent(visible[0]);
      },
      { rootMargin: '0px 0px -66% 0px' },
    );
    for (const h of headings) observer.observe(h);
    return () => observer.disconnect();
  }, [pageRef, ready]);

  if (entries.length === 0) return null;
  return (
    <nav className="settings-contents" aria-label="Settings sections" data-testid="settings-contents">
      <p className="settings-contents__title">On this page</p>
      <ul>
        {entries.map((e) => (
          <li key={e.id}>
            <a
              href={`#${e.id}`}
              aria-current={current === e.id ? 'location' : undefined}
              onClick={(event) => {
                // the app's routes live in the hash: scroll to the section instead of navigating
                event.preventDefault();
                const heading = document.getElementById(e.id);
                chosenAt.current = performance.now();
                heading?.scrollIntoView({ block: 'start', behavior: 'smooth' });
                setCurrent(e.id);
              }}
            >
              {e.title}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
