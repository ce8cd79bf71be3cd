import { strings } from '../ui/strings';
import { nextDeadline, type RequestSummary } from './requests_api';

const t = strings.console.requests;

// Calendar days from today to a date, in the tenant's zone ("YYYY-MM-DD" strings compared).
function dayNumber(date: Date, timeZone: string): number {
  let text: string;
  try {
    text = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
  } catch {
    text = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
  }
  return Date.parse(`${text}T00:00:00Z`) / 86400000;
}

// The next deadline of a request as a badge: a symbol and words, never colour alone.
export function DeadlineBadge({ request, timeZone }: { request: RequestSummary; timeZone: string }) {
  if (request.closed === true) return <span class="deadline-badge deadline-badge--done">{t.badge.closed}</span>;
  const next = nextDeadline(request);
  if (next === null) return <span class="deadline-badge deadline-badge--none">{t.badge.none}</span>;
  const now = new Date();
  const due = new Date(next.due);
  const days = dayNumber(due, timeZone) - dayNumber(now, timeZone);
  let kind: 'overdue' | 'today' | 'soon' | 'later';
  let text: string;
  if (next.state === 'missed' || due.getTime() <= now.getTime()) {
    kind = 'overdue';
    text = t.badge.overdue;
  } else if (days <= 0) {
    kind = 'today';
    text = t.badge.today;
  } else {
    kind = days <= 2 ? 'soon' : 'later';
    text = t.badge.inDays(days);
  }
  return (
    <span class={`deadline-badge deadline-badge--${kind}`}>
      <span aria-hidden="true">{t.badgeSymbol[kind]} </span>
      {text}
    </span>
  );
}
