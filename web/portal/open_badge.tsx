import { strings } from '../ui/strings';
import type { OpenState } from './knowledge_api';

const t = strings.portalState;

// Open, closed or unknown, said in words (the colour and the shape before it only repeat it).
export function OpenBadge({ state }: { state: OpenState }) {
  return <span class={`badge badge--${state}`}>{state === 'open' ? t.open : state === 'closed' ? t.closed : t.unknown}</span>;
}
