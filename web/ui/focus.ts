import { useEffect, useRef } from 'preact/hooks';

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
