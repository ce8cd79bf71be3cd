import { deadlineLastDay, frenchDeadline, localMoment } from '../../ui/french';
import { strings } from '../../ui/strings';
import { nextDeadline, type RequestSummary } from './requests_api';

const t = strings.console.requests;

// Days between two calendar days "YYYY-MM-DD".
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400000);
}

// The next deadline of a request as a badge: a symbol and words, never colour alone. Days are
// counted to the deadline's last day (the server sends the instant it expires, the next day's
// 00:00), so a deadline ending on Monday is « dû aujourd'hui » on Monday, never « dans 1 j ». The
// full deadline, « lundi 14 décembre 2026, fin de journée », is the badge's accessible text and
// tooltip.
export function DeadlineBadge({ request, timeZone }: { request: RequestSummary; timeZone: string }) {
  if (request.closed === true) return <span class="deadline-badge deadline-badge--done">{t.badge.closed}</span>;
  const next = nextDeadline(request);
  if (next === null) return <span class="deadline-badge deadline-badge--none">{t.badge.none}</span>;
  const now = new Date();
  const lastDay = deadlineLastDay(next.due, timeZone);
  const today = localMoment(now.toISOString(), timeZone)?.day ?? null;
  const days = lastDay !== null && today !== null ? daysBetween(today, lastDay) : 0;
  let kind: 'overdue' | 'today' | 'soon' | 'later';
  let text: string;
  if (next.state === 'missed' || new Date(next.due).getTime() <= now.getTime()) {
    kind = 'overdue';
    text = t.badge.overdue;
  } else if (days <= 0) {
    kind = 'today';
    text = t.badge.today;
  } else {
    kind = days <= 2 ? 'soon' : 'later';
    text = t.badge.inDays(days);
  }
  const due = frenchDeadline(next.due, timeZone);
  return (
    <span class={`deadline-badge deadline-badge--${kind}`} title={t.badge.dueOn(due)}>
      <span aria-hidden="true">{t.badgeSymbol[kind]} </span>
      {text}
      <span class="visually-hidden">{` (${t.badge.dueOn(due)})`}</span>
    </span>
  );
}
