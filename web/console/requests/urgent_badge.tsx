import { strings } from '../../ui/strings';
import type { Category, RequestSummary } from './requests_api';

const t = strings.console.requests;

// The labels of the request's checked « urgent » boxes (« Danger immédiat pour les passants »).
export function urgentReasons(request: RequestSummary, category: Category | undefined): string[] {
  return (category?.fields ?? []).filter((f) => f.urgent === true && request.fields[f.key] === true).map((f) => f.label);
}

// An urgent request (priority 2) said in words with its reason, never by colour alone; nothing
// for the others. The server lists urgent requests first.
export function UrgentBadge({ request, category }: { request: RequestSummary; category: Category | undefined }) {
  if ((request.priority ?? 0) < 2) return null;
  const reasons = urgentReasons(request, category);
  return (
    <span class="urgent-badge">
      <span aria-hidden="true">{t.urgentSymbol} </span>
      {reasons.length > 0 ? t.urgentReason(reasons.join(', ')) : t.urgent}
    </span>
  );
}
