import { AlertRegion, StatusRegion } from '../ui/alert';
import { LocationView } from '../ui/location_picker';
import { addDays, todayIn } from '../ui/french';
import { strings } from '../ui/strings';
import { knowledgeApi, portalLinks, type PlaceWithHours } from './knowledge_api';
import { formatMoment, spansByDay } from './knowledge_format';
import { WeekHours } from './hours_chart';
import { OpenBadge } from './open_badge';
import { PortalPage, TenantAlert } from './portal_page';
import { useLoad } from './use_load';

const t = strings.placesPage;
const DAYS = 7;

// Directions to a position: a geo: URI (RFC 5870) that phones hand to their navigation app, and
// OpenStreetMap's directions page with the place as destination (the citizen's browser asks for
// the starting point there).
export function directionsLinks(lat: number, lon: number, name: string): { geo: string; osm: string } {
  const at = `${lat.toFixed(6)},${lon.toFixed(6)}`;
  return {
    geo: `geo:${at}?q=${encodeURIComponent(`${at}(${name})`)}`,
    osm: `https://www.openstreetmap.org/directions?route=${encodeURIComponent(`;${at}`)}#map=17/${lat.toFixed(5)}/${lon.toFixed(5)}`,
  };
}

// One place (/lieux?id=…): its state now, address and contacts, notices, and its opening hours
// for the next seven days.
export function PlacePage({ id }: { id: string }) {
  const place = useLoad(() => knowledgeApi.place(id, DAYS), [id]);
  const title = place.kind === 'ready' ? place.value.name : place.kind === 'missing' ? t.notFoundTitle : t.documentTitle;
  return (
    <PortalPage title={title} section="places" exact={false}>
      {({ tenant, error }) => (
        <>
          <TenantAlert error={error} />
          {place.kind === 'loading' && <StatusRegion message={{ title: t.placeLoading }} />}
          {place.kind === 'failed' && <AlertRegion message={place.message} />}
          {place.kind === 'missing' && (
            <>
              <h1>{t.notFoundTitle}</h1>
              <p>{t.notFoundBody}</p>
            </>
          )}
          {place.kind === 'ready' && <PlaceDetails place={place.value} today={todayIn(tenant?.timezone)} />}
          {place.kind !== 'loading' && (
            <p class="back-link">
              <a href={portalLinks.places()}>{t.backToList}</a>
            </p>
          )}
        </>
      )}
    </PortalPage>
  );
}

function PlaceDetails({ place, today }: { place: PlaceWithHours; today: string }) {
  const { hours } = place;
  const dates = Array.from({ length: DAYS }, (_, i) => addDays(today, i));
  const spans = spansByDay(hours.intervals, dates);
  const days = dates.map((date) => ({ date, spans: spans.get(date) ?? [], today: date === today }));
  const state = strings.portalState;
  const locality = [place.postcode, place.city].filter((part) => part !== '').join(' ');
  return (
    <>
      <h1>{place.name}</h1>
      <p class="place-state">
        <span class="place-state__label">
          {t.stateNow}
          {strings.portalTime.labelSeparator}
        </span>
        <OpenBadge state={hours.state} />
        {hours.next_change !== null && (
          <span class="place-state__next">
            {' '}
            {hours.state === 'open'
              ? state.closesAt(formatMoment(hours.next_change, today))
              : hours.state === 'closed'
                ? state.opensAt(formatMoment(hours.next_change, today))
                : state.changesAt(formatMoment(hours.next_change, today))}
          </span>
        )}
      </p>
      {hours.comment !== null && hours.comment !== '' && (
        <p>
          {t.hoursComment}
          {strings.portalTime.labelSeparator}
          {hours.comment}
        </p>
      )}
      {place.notices.length > 0 && (
        <div class="message message--warning">
          <p class="message__title">{t.noticesHeading}</p>
          <ul class="answer__notices">
            {place.notices.map((notice) => (
              <li key={notice.id}>{notice.message}</li>
            ))}
          </ul>
        </div>
      )}
      {place.description !== '' && <p class="lead">{place.description}</p>}

      <section aria-labelledby="place-hours">
        <h2 id="place-hours">{t.hoursHeading}</h2>
        <WeekHours days={days} placeName={place.name} />
      </section>

      <section aria-labelledby="place-contact">
        <h2 id="place-contact">{t.addressHeading}</h2>
        {(place.address !== '' || locality !== '') && (
          <address class="place-address">
            {place.address !== '' && <span class="place-address__line">{place.address}</span>}
            {locality !== '' && <span class="place-address__line">{locality}</span>}
          </address>
        )}
        <PlaceMap place={place} locality={locality} />
        <ul class="contact-list">
          {place.phone !== null && place.phone !== '' && (
            <li>
              {t.phone}
              {strings.portalTime.labelSeparator}
              <a href={`tel:${place.phone.replace(/[^\d+]/g, '')}`}>{place.phone}</a>
            </li>
          )}
          {place.email !== null && place.email !== '' && (
            <li>
              {t.email}
              {strings.portalTime.labelSeparator}
              <a href={`mailto:${place.email}`}>{place.email}</a>
            </li>
          )}
          {place.url !== null && place.url !== '' && (
            <li>
              <a href={place.url} rel="noopener noreferrer">
                {t.website}
              </a>
            </li>
          )}
        </ul>
      </section>
    </>
  );
}

// The place on the commune's map (the tenant's tiles if it chose some, else the offline outline
// map; Leaflet is loaded only here) and the links to get there.
function PlaceMap({ place, locality }: { place: PlaceWithHours; locality: string }) {
  if (place.lat === null || place.lon === null) return null;
  const links = directionsLinks(place.lat, place.lon, place.name);
  const address = [place.address, locality].filter((part) => part !== '').join(', ');
  return (
    <section class="place-map" aria-labelledby="place-map-heading">
      <h3 id="place-map-heading">{t.mapHeading}</h3>
      <LocationView lat={place.lat} lon={place.lon} address={address !== '' ? address : place.name} />
      <ul class="place-map__links">
        <li>
          <a href={links.osm} rel="noopener noreferrer">
            {t.directionsOsm(place.name)}
          </a>
        </li>
        <li>
          <a href={links.geo}>{t.directionsGeo}</a>
        </li>
      </ul>
    </section>
  );
}
