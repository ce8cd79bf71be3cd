import type { ComponentChildren } from 'preact';
import { useId, useState } from 'preact/hooks';
import { tenantSlugFromPage, withTenant } from '../ui/api';
import { AlertRegion, StatusRegion } from '../ui/alert';
import { Field } from '../ui/field';
import { SelectField } from '../ui/select_field';
import { addDays, todayIn } from '../ui/french';
import { strings } from '../ui/strings';
import { agendaFeedUrl, knowledgeApi, portalLinks, type AgendaEvent, type Place } from './knowledge_api';
import { datePart, formatClock, formatDay } from './knowledge_format';
import { PortalPage, TenantAlert } from './portal_page';
import { pageParam, useLoad } from './use_load';

const t = strings.agendaPage;
// The length of the period shown, and the step of the previous / next links.
const DAYS = 30;

interface Agenda {
  events: AgendaEvent[];
  // Places by id, to name an event's place and link to it.
  places: Map<string, Place>;
}

// A recurring event, said once: its first occurrence in the period and how many there are.
interface Regular {
  event: AgendaEvent;
  dates: number;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function isIsoDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(new Date(`${text}T00:00:00Z`).getTime());
}

// The agenda's address for the period starting on `date` (the tenant kept).
function periodLink(date: string): string {
  return withTenant(`/agenda?du=${date}`);
}

// Recurring events (those the server can say in words) once each, in the order of their first
// date in the period; the other events as they come (the API gives them in time order).
function split(events: AgendaEvent[]): { regular: Regular[]; oneOff: AgendaEvent[] } {
  const regular = new Map<string, Regular>();
  const oneOff: AgendaEvent[] = [];
  for (const event of events) {
    if (event.recurrence === null) {
      oneOff.push(event);
      continue;
    }
    const seen = regular.get(event.id);
    if (seen === undefined) regular.set(event.id, { event, dates: 1 });
    else seen.dates += 1;
  }
  return { regular: [...regular.values()], oneOff };
}

// Events grouped by their local day, in time order.
function byDay(events: AgendaEvent[]): Array<[string, AgendaEvent[]]> {
  const days = new Map<string, AgendaEvent[]>();
  for (const event of events) {
    const day = datePart(event.start);
    const list = days.get(day) ?? [];
    list.push(event);
    days.set(day, list);
  }
  return [...days.entries()];
}

// The agenda (/agenda), 30 days from today or from the date in the address (?du=2026-12-07),
// with a date field and previous / next links, a category filter and the iCalendar feed.
export function AgendaPage() {
  return (
    <PortalPage title={t.documentTitle} section="agenda">
      {({ tenant, loading, error }) => (
        <>
          <h1>{t.heading}</h1>
          <TenantAlert error={error} />
          <p class="lead">{t.intro}</p>
          {/* The period is the commune's: wait for its time zone. */}
          {loading ? (
            <StatusRegion message={{ title: t.loading }} />
          ) : (
            <AgendaList timeZone={tenant?.timezone} tenantSlug={tenant?.slug ?? null} />
          )}
        </>
      )}
    </PortalPage>
  );
}

function PeriodNav({ from, today }: { from: string; today: string }) {
  const id = useId();
  const slug = tenantSlugFromPage();
  return (
    <nav class="agenda-period" aria-label={t.periodNavLabel}>
      {/* A plain GET form: the chosen date lands in the address, like the links beside it. */}
      <form class="agenda-period__form" method="get" action="/agenda">
        {slug !== null && <input type="hidden" name="tenant" value={slug} />}
        <Field id={`${id}-from`} label={t.fromLabel} hint={t.fromHint}>
          {(describedBy) => (
            <input
              id={`${id}-from`}
              class="field__input agenda-period__date"
              type="date"
              name="du"
              defaultValue={from}
              required
              aria-describedby={describedBy !== '' ? describedBy : undefined}
            />
          )}
        </Field>
        <button type="submit" class="button button--secondary">
          {t.show}
        </button>
      </form>
      <ul class="agenda-period__links">
        <li>
          <a href={periodLink(addDays(from, -DAYS))} rel="prev">
            {t.previous}
          </a>
        </li>
        {from !== today && (
          <li>
            <a href={periodLink(today)}>{t.today}</a>
          </li>
        )}
        <li>
          <a href={periodLink(addDays(from, DAYS))} rel="next">
            {t.next}
          </a>
        </li>
      </ul>
    </nav>
  );
}

function AgendaList({ timeZone, tenantSlug }: { timeZone: string | undefined; tenantSlug: string | null }) {
  const [category, setCategory] = useState('');
  const today = todayIn(timeZone);
  const asked = pageParam('du');
  const from = isIsoDate(asked) ? asked : today;
  const to = addDays(from, DAYS);
  const agenda = useLoad<Agenda>(async () => {
    const [events, places] = await Promise.all([knowledgeApi.events(`${from}T00:00:00`, `${to}T00:00:00`), knowledgeApi.places()]);
    return { events: events.items, places: new Map(places.items.map((place) => [place.id, place])) };
  }, [from]);

  const period = (
    <>
      <PeriodNav from={from} today={today} />
      <p class="agenda-period__range">{t.period(formatDay(from), formatDay(addDays(to, -1)))}</p>
    </>
  );
  if (agenda.kind === 'loading')
    return (
      <>
        {period}
        <StatusRegion message={{ title: t.loading }} />
      </>
    );
  if (agenda.kind === 'failed')
    return (
      <>
        {period}
        <AlertRegion message={agenda.message} />
      </>
    );
  if (agenda.kind === 'missing')
    return (
      <>
        {period}
        <p>{t.empty}</p>
      </>
    );

  const { events, places } = agenda.value;
  const categories = [...new Set(events.map((event) => event.category).filter((c) => c !== ''))].sort((a, b) =>
    a.localeCompare(b, 'fr'),
  );
  const shown = category === '' ? events : events.filter((event) => event.category === category);
  const { regular, oneOff } = split(shown);
  return (
    <>
      {period}
      {categories.length > 0 && (
        <div class="agenda-filter">
          <SelectField
            label={t.categoryLabel}
            name="category"
            value={category}
            options={[{ value: '', label: t.allCategories }, ...categories.map((c) => ({ value: c, label: capitalised(c) }))]}
            onValue={setCategory}
          />
        </div>
      )}
      <p role="status" class="agenda-count">
        {t.count(regular.length + oneOff.length)}
      </p>
      {shown.length === 0 && <p>{category === '' ? t.empty : t.emptyCategory}</p>}
      {regular.length > 0 && (
        <section aria-labelledby="agenda-regular" class="agenda-day">
          <h2 id="agenda-regular">{t.regularHeading}</h2>
          <p class="agenda-count">{t.regularIntro}</p>
          <ul class="result-list">
            {regular.map(({ event, dates }) => (
              <EventItem key={event.id} event={event} places={places} level="h3">
                <p class="agenda-event__dates">
                  <time dateTime={datePart(event.start)}>{t.datesInPeriod(dates, formatDay(event.start))}</time>
                </p>
              </EventItem>
            ))}
          </ul>
        </section>
      )}
      {oneOff.length > 0 && regular.length > 0 && <h2 class="agenda-oneoff">{t.oneOffHeading}</h2>}
      {byDay(oneOff).map(([day, list]) => (
        <section key={day} aria-labelledby={`day-${day}`} class="agenda-day">
          {regular.length > 0 ? (
            <h3 id={`day-${day}`}>{capitalised(formatDay(day))}</h3>
          ) : (
            <h2 id={`day-${day}`}>{capitalised(formatDay(day))}</h2>
          )}
          <ul class="result-list">
            {list.map((event) => (
              <EventItem key={`${event.id}-${event.start}`} event={event} places={places} level={regular.length > 0 ? 'h4' : 'h3'} />
            ))}
          </ul>
        </section>
      ))}
      <div class="calendar-feed">
        <p class="calendar-feed__link">
          <a href={agendaFeedUrl(tenantSlug, category)}>{t.feedLink}</a>
        </p>
        <p class="calendar-feed__hint">{t.feedHint}</p>
      </div>
    </>
  );
}

interface EventItemProps {
  event: AgendaEvent;
  places: Map<string, Place>;
  level: 'h3' | 'h4';
  children?: ComponentChildren;
}

// One row of the agenda: the title, when (with the recurrence when there is one), the place,
// the description and the event's page.
function EventItem({ event, places, level, children }: EventItemProps) {
  const place = event.place_id !== null ? places.get(event.place_id) : undefined;
  const sameDay = datePart(event.end) === datePart(event.start);
  const Title = level;
  const time = strings.portalTime.eventTime(formatClock(event.start), sameDay ? formatClock(event.end) : null);
  return (
    <li class="result-list__item agenda-event">
      <Title class="agenda-event__title">{event.title}</Title>
      <p class="agenda-event__when">
        <span>{event.recurrence !== null ? capitalised(`${event.recurrence}, ${time}`) : <time dateTime={event.start}>{capitalised(time)}</time>}</span>
        {event.category !== '' && <span class="agenda-event__category">{capitalised(event.category)}</span>}
      </p>
      {children}
      {place !== undefined && (
        <p>
          {t.place}
          {strings.portalTime.labelSeparator}
          <a href={portalLinks.place(place.external_id ?? place.id)}>{place.name}</a>
        </p>
      )}
      {event.description !== '' && <p class="agenda-event__description">{event.description}</p>}
      {event.url !== null && event.url !== '' && (
        <p>
          <a href={event.url} rel="noopener noreferrer">
            {t.moreInfo(event.title)}
          </a>
        </p>
      )}
    </li>
  );
}
