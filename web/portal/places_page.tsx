import { useEffect, useState } from 'preact/hooks';
import { AlertRegion, StatusRegion } from '../ui/alert';
import { strings } from '../ui/strings';
import { knowledgeApi, portalLinks, type OpenState, type Place } from './knowledge_api';
import { OpenBadge } from './open_badge';
import { PlacePage } from './place_page';
import { PortalPage, TenantAlert } from './portal_page';
import { pageParam, useLoad } from './use_load';

const t = strings.placesPage;

// /lieux lists the places; /lieux?id=… shows one of them (the server maps /lieux to one page).
export function PlacesPage() {
  const id = pageParam('id');
  return id !== '' ? <PlacePage id={id} /> : <PlaceList />;
}

interface PlaceGroup {
  label: string;
  places: Place[];
}

// Places grouped under the heading of their type, in the order the types first appear (the
// commune's own order of its data), with the unknown types together at the end.
function groupByType(places: Place[]): PlaceGroup[] {
  const groups = new Map<string, PlaceGroup>();
  let other: PlaceGroup | null = null;
  for (const place of places) {
    const label = t.types[place.type];
    if (label === undefined) {
      other ??= { label: t.otherType, places: [] };
      other.places.push(place);
      continue;
    }
    const group = groups.get(label) ?? { label, places: [] };
    group.places.push(place);
    groups.set(label, group);
  }
  return [...groups.values(), ...(other !== null ? [other] : [])];
}

// The state now of each place, asked for one place at a time in the background: the list shows
// at once and the badges fill in.
function useStatesNow(places: Place[] | null): Map<string, OpenState> {
  const [states, setStates] = useState(new Map<string, OpenState>());
  useEffect(() => {
    if (places === null) return;
    let alive = true;
    for (const place of places) {
      knowledgeApi
        .place(place.id, 1)
        .then((found) => alive && setStates((current) => new Map(current).set(place.id, found.hours.state)))
        .catch(() => {
          // The badge is left out; the place's page still tells.
        });
    }
    return () => {
      alive = false;
    };
  }, [places]);
  return states;
}

function PlaceList() {
  const list = useLoad(() => knowledgeApi.places().then((body) => body.items), []);
  const states = useStatesNow(list.kind === 'ready' ? list.value : null);
  return (
    <PortalPage title={t.documentTitle} section="places">
      {({ error }) => (
        <>
          <h1>{t.heading}</h1>
          <TenantAlert error={error} />
          <p class="lead">{t.intro}</p>
          {list.kind === 'loading' && <StatusRegion message={{ title: t.loading }} />}
          {list.kind === 'failed' && <AlertRegion message={list.message} />}
          {list.kind === 'ready' && list.value.length === 0 && <p>{t.empty}</p>}
          {list.kind === 'ready' &&
            groupByType(list.value).map((group, index) => (
              <section key={group.label} aria-labelledby={`place-group-${index}`}>
                <h2 id={`place-group-${index}`}>{group.label}</h2>
                <ul class="place-list">
                  {group.places.map((place) => {
                    const state = states.get(place.id);
                    return (
                      <li key={place.id} class="place-list__item">
                        <a class="place-list__name" href={portalLinks.place(place.external_id ?? place.id)}>
                          {place.name}
                        </a>
                        {place.address !== '' && <span class="place-list__address">{place.address}</span>}
                        {state !== undefined && (
                          <span class="place-list__state">
                            <span class="visually-hidden">
                              {t.stateNow}
                              {strings.portalTime.labelSeparator}
                            </span>
                            <OpenBadge state={state} />
                          </span>
                        )}
                      </li>
                    );
                  })}
                </ul>
              </section>
            ))}
        </>
      )}
    </PortalPage>
  );
}
