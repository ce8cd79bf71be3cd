import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../ui/api';
import { messageFromError, type Message } from '../ui/alert';

export type Loaded<T> =
  | { kind: 'loading' }
  | { kind: 'ready'; value: T }
  // The resource does not exist (404): pages say so in their own words.
  | { kind: 'missing' }
  | { kind: 'failed'; message: Message };

// Loads what a page shows once (again when a key changes), and tells the page where it stands.
export function useLoad<T>(load: () => Promise<T>, keys: unknown[]): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ kind: 'loading' });
  useEffect(() => {
    let alive = true;
    setState({ kind: 'loading' });
    load()
      .then((value) => alive && setState({ kind: 'ready', value }))
      .catch((error: unknown) => {
        if (!alive) return;
        if (error instanceof ApiError && error.status === 404) setState({ kind: 'missing' });
        else setState({ kind: 'failed', message: messageFromError(error) });
      });
    return () => {
      alive = false;
    };
  }, keys);
  return state;
}

// The value of a query parameter of the page's address ('' when absent).
export function pageParam(name: string): string {
  return new URLSearchParams(window.location.search).get(name) ?? '';
}
