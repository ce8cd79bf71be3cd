import { WEEKDAYS, type TenantCalendar } from '../../ui/api';
import { formatDate } from '../../ui/format';
import { holidayZoneLabel, schoolZoneLabel, strings } from '../../ui/strings';
import { CalendarFeedLink } from './calendar_feed_link';

const t = strings.console.calendar;

interface CalendarSummaryProps {
  calendar: TenantCalendar;
  tenantSlug: string;
}

// The calendar for agents who may not change it: the same sections as the form, as plain text.
export function CalendarSummary({ calendar, tenantSlug }: CalendarSummaryProps) {
  return (
    <>
      <section class="calendar-section">
        <h2>{t.zonesHeading}</h2>
        <dl class="summary-list">
          <div class="summary-list__row">
            <dt>{t.holidayZoneLabel}</dt>
            <dd>{holidayZoneLabel(calendar.holiday_zone)}</dd>
          </div>
          <div class="summary-list__row">
            <dt>{t.departmentLabel}</dt>
            <dd>{calendar.department ?? t.departmentNone}</dd>
          </div>
          <div class="summary-list__row">
            <dt>{t.schoolZoneLabel}</dt>
            <dd>{calendar.school_zone !== null ? schoolZoneLabel(calendar.school_zone) : t.schoolZoneNone}</dd>
          </div>
        </dl>
      </section>
      <section class="calendar-section">
        <h2>{t.hoursHeading}</h2>
        <dl class="summary-list">
          {WEEKDAYS.map((day) => {
            const slots = calendar.business_hours[day] ?? [];
            return (
              <div key={day} class="summary-list__row">
                <dt>{strings.weekdays[day].title}</dt>
                <dd>
                  {slots.length === 0
                    ? t.closed
                    : slots.map((slot) => t.slotRange(slot.from, slot.to)).join(t.slotSeparator)}
                </dd>
              </div>
            );
          })}
        </dl>
      </section>
      <section class="calendar-section">
        <h2>{t.closuresHeading}</h2>
        {calendar.closures.length === 0 ? (
          <p>{t.closuresEmpty}</p>
        ) : (
          <ul class="closure-list">
            {calendar.closures.map((closure) => (
              <li key={closure.date} class="closure-list__item">
                <p class="closure-list__text">
                  <time dateTime={closure.date}>{formatDate(closure.date)}</time>
                  {t.closureNameSeparator}
                  {closure.name}
                </p>
              </li>
            ))}
          </ul>
        )}
        <CalendarFeedLink tenantSlug={tenantSlug} />
      </section>
    </>
  );
}
