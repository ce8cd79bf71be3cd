import { useCallback, useEffect, useRef } from 'preact/hooks';

// After a client-side change of view (login, logout, navigation), keyboard and screen-reader users
// must land on the new content rather than stay on a control that may have disappeared. The code
// that changes the view calls requestHeadingFocus(); the next page heading to render takes focus.
// On a first page load nothing is requested, and focus stays where the browser puts it.
let pending = false;

export function requestHeadingFocus(): void {
  pending = true;
}

// Returns a ref for a page's <h1 tabIndex={-1}>.
export function useHeadingFocus<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (pending && ref.current !== null) {
      pending = false;
      ref.current.focus();
    }
  });
  return ref;
}

// Within a view, adding or removing a row must not leave focus on a control that has gone or
// far from the change. The caller names the element (by id) that should have focus once the
// change is rendered: focusAfterRender(id), then the state update.
export function useFocusAfterRender(): (id: string) => void {
  const target = useRef<string | null>(null);
  useEffect(() => {
    const id = target.current;
    if (id === null) return;
    target.current = null;
    document.getElementById(id)?.focus();
  });
  return useCallback((id: string) => {
    target.current = id;
  }, []);
}
