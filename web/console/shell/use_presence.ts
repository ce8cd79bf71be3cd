import { useEffect, useRef, useState } from 'preact/hooks';
import type { PresenceAgent } from '../../ui/api';
import { strings } from '../../ui/strings';
import { LiveConnection, type Envelope, type LiveStatus } from './live_connection';
import { publishLive } from './live_events';

export interface Announcement {
  // Increases with every announcement so that a repeated sentence is still read out.
  sequence: number;
  text: string;
}

export interface PresenceState {
  // null until the server's first snapshot arrives.
  agents: PresenceAgent[] | null;
  status: LiveStatus;
  announcement: Announcement | null;
}

function isPresenceAgent(value: unknown): value is PresenceAgent {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['id'] === 'string' && typeof v['display_name'] === 'string' && Array.isArray(v['roles']);
}

function agentsOf(envelope: Envelope): PresenceAgent[] | null {
  if (envelope.type !== 'presence.snapshot' && envelope.type !== 'presence.changed') return null;
  const data = envelope.data;
  if (typeof data !== 'object' || data === null) return null;
  const agents = (data as Record<string, unknown>)['agents'];
  if (!Array.isArray(agents)) return null;
  // One entry per agent, even if a server lists an agent once per open connection.
  const unique = new Map<string, PresenceAgent>();
  for (const agent of agents) if (isPresenceAgent(agent) && !unique.has(agent.id)) unique.set(agent.id, agent);
  return [...unique.values()].sort((a, b) => a.display_name.localeCompare(b.display_name, 'fr'));
}

// Sentences telling who arrived and who left between two lists.
function describeChanges(before: PresenceAgent[], after: PresenceAgent[]): string {
  const beforeIds = new Set(before.map((a) => a.id));
  const afterIds = new Set(after.map((a) => a.id));
  const joined = after.filter((a) => !beforeIds.has(a.id)).map((a) => strings.console.presence.joined(a.display_name));
  const left = before.filter((a) => !afterIds.has(a.id)).map((a) => strings.console.presence.left(a.display_name));
  return [...joined, ...left].join(' ');
}

// Opens the console's WebSocket for as long as the component using it is mounted (i.e. while the
// agent is signed in) and keeps the list of online agents from its presence messages.
// checkSession is awaited before each reconnection; resolving false stops reconnecting.
export function usePresence(checkSession: () => Promise<boolean>): PresenceState {
  const [state, setState] = useState<PresenceState>({ agents: null, status: 'connecting', announcement: null });
  const previous = useRef<PresenceAgent[] | null>(null);
  const sequence = useRef(0);
  const check = useRef(checkSession);
  check.current = checkSession;

  useEffect(() => {
    const connection = new LiveConnection({
      onStatus: (status) => setState((s) => ({ ...s, status })),
      onMessage: (envelope) => {
        publishLive(envelope);
        const agents = agentsOf(envelope);
        if (agents === null) return;
        const before = previous.current;
        previous.current = agents;
        // The first snapshot is the starting point, not news.
        const text = before === null ? '' : describeChanges(before, agents);
        const announcement = text === '' ? null : { sequence: ++sequence.current, text };
        setState((s) => ({ ...s, agents, announcement: announcement ?? s.announcement }));
      },
      beforeReconnect: () => check.current(),
    });
    connection.start();
    return () => connection.stop();
  }, []);

  return state;
}
