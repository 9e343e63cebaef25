import { ReactNode, useEffect, useRef, useState } from 'react';

/**
 * Its children once their place comes near the viewport or the page has
 * been idle a moment, whichever is first; until then an empty box of the
 * height they take, so nothing moves when they appear. A section that
 * mounts everything at once holds the main thread for the sum of its parts;
 * this lets a part below the fold mount in a task of its own, after what
 * the reader sees first.
 */
export function Deferred({
  minHeight,
  children,
}: {
  /** The height the children take once drawn, in px. */
  minHeight: number;
  children: ReactNode;
}) {
  const placeholder = useRef<HTMLDivElement>(null);
  // Without the browser APIs (tests, old browsers), at once.
  const [shown, setShown] = useState(
    typeof IntersectionObserver === 'undefined',
  );
  useEffect(() => {
    if (shown || !placeholder.current) return undefined;
    const show = () => setShown(true);
    const observer = new IntersectionObserver(
      entries => {
        if (entries.some(entry => entry.isIntersecting)) show();
      },
      { rootMargin: '200px' },
    );
    observer.observe(placeholder.current);
    const idle =
      typeof requestIdleCallback === 'undefined'
        ? undefined
        : requestIdleCallback(show, { timeout: 2000 });
    const timer = idle === undefined ? setTimeout(show, 500) : undefined;
    return () => {
      observer.disconnect();
      if (idle !== undefined) cancelIdleCallback(idle);
      clearTimeout(timer);
    };
  }, [shown]);
  return shown ? (
    <>{children}</>
  ) : (
    <div ref={placeholder} style={{ minHeight }} />
  );
}
