// The names of the tenant's agents, for showing who handles a request or wrote a timeline entry
// instead of an internal id. One GET /api/v1/agents (permission directory.read, every agent) is
// shared by every component of the signed-in console; it is fetched again only for another
// signed-in agent or tenant, after a failure, or when asked for an id it does not know (an agent
// created since), at most once a minute.
import { useEffect, useState } from 'preact/hooks';
import { apiRequest, type Session } from '../../ui/api';

interface DirectoryAgent {
  id: string;
  display_name: string;
}

export type AgentNames = ReadonlyMap<string, string>;

const REFRESH_AFTER_MS = 60_000;

let cache: { owner: string; names: Promise<AgentNames>; at: number } | null = null;

function load(owner: string): Promise<AgentNames> {
  const names = apiRequest<{ items: DirectoryAgent[] }>('GET', '/agents').then(
    (r) => new Map(r.items.map((a) => [a.id, a.display_name])) as AgentNames,
  );
  cache = { owner, names, at: Date.now() };
  // A failed load is not kept: the next caller tries again.
  names.catch(() => {
    if (cache?.names === names) cache = null;
  });
  return names;
}

// The directory for `session`, from the cache when it holds every id in `wanted`.
async function agentNames(session: Session, wanted: readonly string[]): Promise<AgentNames> {
  const owner = `${session.tenant.id}/${session.agent.id}`;
  if (cache === null || cache.owner !== owner) return load(owner);
  const names = await cache.names;
  const missing = wanted.some((id) => !names.has(id));
  if (missing && Date.now() - cache.at > REFRESH_AFTER_MS) return load(owner);
  return names;
}

// The agents' names, empty until loaded (and if they cannot be: callers keep a neutral fallback).
// `wanted` lists the ids the caller is about to show.
export function useAgentNames(session: Session, wanted: readonly string[]): AgentNames {
  const [names, setNames] = useState<AgentNames>(new Map());
  const key = [...new Set(wanted)].sort().join(' ');
  useEffect(() => {
    let live = true;
    agentNames(session, wanted)
      .then((n) => live && setNames(n))
      .catch(() => {});
    return () => {
      live = false;
    };
    // `key` stands for `wanted`; the session is the same object for a signed-in agent.
  }, [session, key]);
  return names;
}
