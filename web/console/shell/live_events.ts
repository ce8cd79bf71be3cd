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
  // Who made the change (an agent's id, an integration's key); null when the server did not say.
  actor: { type: string; id: string | null } | null;
}

// The change was made by this agent (on this page or another of their tabs): a page updates
// itself without telling them a colleague did it.
export function isOwnChange(e: RequestEvent, agentId: string): boolean {
  return e.actor !== null && e.actor.type === 'agent' && e.actor.id === agentId;
}

function actorOf(value: unknown): RequestEvent['actor'] {
  if (typeof value !== 'object' || value === null) return null;
  const a = value as Record<string, unknown>;
  if (typeof a['type'] !== 'string') return null;
  return { type: a['type'], id: typeof a['id'] === 'string' ? a['id'] : null };
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
    actor: actorOf(d['actor']),
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
