import { useEffect, useRef } from 'preact/hooks';
import type { Envelope } from './live_connection';

// Fan-out of the console's one WebSocket: the connection (use_presence.ts) hands every message
// here, and views listen for the types they care about. Listeners run on the main thread.
type Listener = (envelope: Envelope) => void;
const listeners = new Set<Listener>();

export function publishLive(envelope: Envelope): void {
  for (const listener of [...listeners]) listener(envelope);
}

// A request change as the server announces it ("request.created", "request.updated").
export interface RequestEvent {
  type: 'request.created' | 'request.updated';
  id: string;
  tracking_code: string;
  version: number;
}

function requestEventOf(e: Envelope): RequestEvent | null {
  if (e.type !== 'request.created' && e.type !== 'request.updated') return null;
  const d = e.data as Record<string, unknown> | undefined;
  if (typeof d !== 'object' || d === null || typeof d['id'] !== 'string') return null;
  return {
    type: e.type,
    id: d['id'],
    tracking_code: typeof d['tracking_code'] === 'string' ? d['tracking_code'] : '',
    version: typeof d['version'] === 'number' ? d['version'] : 0,
  };
}

// Calls `onEvent` for each request change while the component is mounted.
export function useRequestEvents(onEvent: (e: RequestEvent) => void): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    const listener: Listener = (envelope) => {
      const e = requestEventOf(envelope);
      if (e !== null) handler.current(e);
    };
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
}
