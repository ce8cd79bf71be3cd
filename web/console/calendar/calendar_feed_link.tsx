import { calendarFeedUrl } from '../../ui/api';
import { strings } from '../../ui/strings';

const t = strings.console.calendar;

// The link to the tenant's public iCalendar feed of days off, with what it contains.
export function CalendarFeedLink({ tenantSlug }: { tenantSlug: string }) {
  return (
    <div class="calendar-feed">
      <p class="calendar-feed__link">
        <a href={calendarFeedUrl(tenantSlug)}>{t.feedLink}</a>
      </p>
      <p class="calendar-feed__hint">{t.feedHint}</p>
    </div>
  );
}
