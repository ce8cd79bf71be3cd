// Maps of a position: LocationPicker lets a citizen place a pin (portal's address fields), and
// LocationView shows a request's position (console), each with the neighbourhood it falls in.
//
// Leaflet is loaded only when one of these is drawn (import('./location_map')). The map context
// comes from /api/v1/public/map (tiles only if the administration configured them). The picker is
// usable without a pointer: the map is focusable, the arrow keys move the pin, a polite live region
// says where it is, and the latitude and longitude stay editable in a disclosure (they are the
// value; the map only writes them). A pin placed on the map, by « Me localiser » or from the list of
// places asks the administration's address index for the nearest address (reverse geocoding) and
// gives it to the address field; the places drawn on the map are listed beside it (the markers are
// not tab stops).
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { addressesApi, isAbort } from './addresses_api';
import { Button } from './button';
import type { LocationMap } from './location_map';
import { coordinateText, frenchCoordinate, loadMapContext, neighbourhoodAt, parseCoordinate, type MapContext } from './map_context';
import { strings } from './strings';
import './location_picker.css';

const m = strings.locationMap;

type Load = { kind: 'loading' } | { kind: 'ready'; context: MapContext } | { kind: 'failed' };

// Draws the map into `canvas` once Leaflet and the context are loaded; the map is removed with
// the component.
function useLeafletMap(interactive: boolean, onPick?: (lat: number, lon: number) => void) {
  const canvas = useRef<HTMLDivElement>(null);
  const map = useRef<LocationMap | null>(null);
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const pick = useRef(onPick);
  pick.current = onPick;
  useEffect(() => {
    let cancelled = false;
    Promise.all([import('./location_map'), loadMapContext()])
      .then(([module, context]) => {
        if (cancelled || canvas.current === null) return;
        map.current = module.createLocationMap(canvas.current, context, {
          interactive,
          zoomInTitle: m.zoomIn,
          zoomOutTitle: m.zoomOut,
          onPick: (lat, lon) => pick.current?.(lat, lon),
        });
        setLoad({ kind: 'ready', context });
      })
      .catch(() => {
        if (!cancelled) setLoad({ kind: 'failed' });
      });
    return () => {
      cancelled = true;
      map.current?.destroy();
      map.current = null;
    };
  }, []);
  return { canvas, map, load };
}

function whereText(context: MapContext | null, lat: number, lon: number): string | null {
  if (context === null || context.neighbourhoods.length === 0) return null;
  const n = neighbourhoodAt(context, lat, lon);
  return n !== null ? m.neighbourhood(n.name) : m.outside;
}

function Attribution({ load }: { load: Load }) {
  if (load.kind !== 'ready' || load.context.tiles === null || load.context.tiles.attribution === '') return null;
  return <p class="location-map__attribution">{m.tilesBy(load.context.tiles.attribution)}</p>;
}

interface PickerProps {
  id: string; // Of the focusable map.
  label: string; // The field's label, to name the map.
  lat: string; // As typed or picked; not necessarily valid.
  lon: string;
  onPick: (position: { lat: string; lon: string }) => void;
  // The address nearest a pin placed on the map (reverse geocoding), for the address field.
  onAddress?: (label: string) => void;
  // Opens the coordinates' disclosure (e.g. when they are in error, so that the error shows).
  coordinatesOpen?: boolean;
  children: ComponentChildren; // The latitude and longitude inputs.
}

// Reverse look-ups wait for the pin to rest (arrow keys move it step by step).
const REVERSE_DELAY_MS = 400;

export function LocationPicker({ id, label, lat, lon, onPick, onAddress, coordinatesOpen = false, children }: PickerProps) {
  const [addressNote, setAddressNote] = useState('');
  const [locateNote, setLocateNote] = useState('');
  const reverseTimer = useRef<number | null>(null);
  const reverseRequest = useRef<AbortController | null>(null);
  const cancelReverse = () => {
    if (reverseTimer.current !== null) window.clearTimeout(reverseTimer.current);
    reverseTimer.current = null;
    reverseRequest.current?.abort();
    reverseRequest.current = null;
  };
  useEffect(() => cancelReverse, []);
  const pick = (la: number, lo: number) => onPick({ lat: coordinateText(la), lon: coordinateText(lo) });
  // A pin placed by the person: its coordinates, then, once it rests, the nearest address.
  const pickHere = (la: number, lo: number) => {
    pick(la, lo);
    if (onAddress === undefined) return;
    cancelReverse();
    reverseTimer.current = window.setTimeout(() => {
      reverseTimer.current = null;
      const controller = new AbortController();
      reverseRequest.current = controller;
      addressesApi
        .reverse(Number(coordinateText(la)), Number(coordinateText(lo)), controller.signal)
        .then((answer) => {
          if (reverseRequest.current !== controller) return;
          reverseRequest.current = null;
          if (answer.address !== null) {
            onAddress(answer.address.label);
            setAddressNote(m.addressFound(answer.address.label));
          } else {
            setAddressNote(m.addressNone);
          }
        })
        .catch((failure: unknown) => {
          // The address is a help: without it the person types it.
          if (!isAbort(failure) && reverseRequest.current === controller) reverseRequest.current = null;
        });
    }, REVERSE_DELAY_MS);
  };
  const { canvas, map, load } = useLeafletMap(true, pickHere);

  const locateMe = () => {
    if (!('geolocation' in navigator)) {
      setLocateNote(m.locateUnsupported);
      return;
    }
    setLocateNote(m.locating);
    navigator.geolocation.getCurrentPosition(
      (where) => {
        setLocateNote('');
        pickHere(where.coords.latitude, where.coords.longitude);
      },
      (failure) => setLocateNote(failure.code === failure.PERMISSION_DENIED ? m.locateDenied : m.locateFailed),
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    );
  };
  const [cleared, setCleared] = useState(false);
  const [open, setOpen] = useState(coordinatesOpen);
  useEffect(() => {
    if (coordinatesOpen) setOpen(true);
  }, [coordinatesOpen]);

  const la = parseCoordinate(lat, 90);
  const lo = parseCoordinate(lon, 180);
  const position = la !== null && lo !== null ? { lat: la, lon: lo } : null;
  // The pin follows the value, whether it was picked on the map or typed.
  useEffect(() => {
    map.current?.setPin(position, true);
    if (position !== null) setCleared(false);
  }, [load.kind, position?.lat, position?.lon]);

  const context = load.kind === 'ready' ? load.context : null;
  const status =
    position !== null
      ? m.chosen(whereText(context, position.lat, position.lon), frenchCoordinate(position.lat), frenchCoordinate(position.lon))
      : cleared
        ? m.cleared
        : m.noPosition;

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.target !== event.currentTarget || map.current === null) return;
    const step = event.shiftKey ? 50 : 10;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const move = moves[event.key];
    if (move !== undefined) {
      event.preventDefault();
      const next = map.current.nudge(position, move[0], move[1]);
      pickHere(next.lat, next.lon);
    } else if (event.key === '+' || event.key === '=') {
      event.preventDefault();
      map.current.zoom(1);
    } else if (event.key === '-') {
      event.preventDefault();
      map.current.zoom(-1);
    }
  };

  return (
    <div class="location-picker">
      <p class="field__hint" id={`${id}-aide`}>
        {m.instructions}
      </p>
      <div
        id={id}
        class="location-picker__map"
        tabIndex={0}
        role="application"
        aria-roledescription={m.roleDescription}
        aria-label={m.label(label)}
        aria-describedby={`${id}-aide ${id}-etat`}
        onKeyDown={onKeyDown}
      >
        <div ref={canvas} class="location-map__canvas" />
      </div>
      {load.kind === 'loading' && <p class="location-picker__note">{m.loading}</p>}
      {load.kind === 'failed' && <p class="location-picker__note">{m.loadFailed}</p>}
      <Attribution load={load} />
      <p id={`${id}-etat`} class="location-picker__status" role="status">
        {status}
      </p>
      <p id={`${id}-adresse`} class="location-picker__address" role="status">
        {addressNote}
      </p>
      <div class="location-picker__actions">
        <Button variant="secondary" onClick={locateMe}>
          {m.locateMe}
        </Button>
        <Button
          variant="secondary"
          onClick={() => {
            cancelReverse();
            setAddressNote('');
            onPick({ lat: '', lon: '' });
            setCleared(true);
          }}
        >
          {m.clear}
        </Button>
      </div>
      <p class="location-picker__locate" role="status">
        {locateNote}
      </p>
      {context !== null && context.places.length > 0 && (
        <details class="location-picker__places">
          <summary>{m.places(context.places.length)}</summary>
          <p class="field__hint">{m.placesHint}</p>
          <ul class="location-picker__place-list">
            {context.places.map((place) => (
              <li key={place.id}>
                <button type="button" class="location-picker__place" aria-label={m.placeButton(place.name)} onClick={() => pickHere(place.lat, place.lon)}>
                  {place.name}
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}
      <details class="location-picker__coordinates" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>{m.coordinates}</summary>
        {children}
      </details>
    </div>
  );
}

interface ViewProps {
  lat: number;
  lon: number;
  address: string;
}

// A request's position, read-only: a still map and, in words, the neighbourhood.
export function LocationView({ lat, lon, address }: ViewProps) {
  const { canvas, map, load } = useLeafletMap(false);
  useEffect(() => {
    map.current?.setPin({ lat, lon }, true);
  }, [load.kind, lat, lon]);
  const context = load.kind === 'ready' ? load.context : null;
  const n = context !== null ? neighbourhoodAt(context, lat, lon) : null;
  const coordinates = `${frenchCoordinate(lat)} ; ${frenchCoordinate(lon)}`;
  const label = address !== '' ? `${address} (${coordinates})` : coordinates;
  return (
    <figure class="location-view">
      <div ref={canvas} class="location-map__canvas location-view__map" aria-hidden="true" />
      <figcaption>
        {label}
        {context !== null && context.neighbourhoods.length > 0 && (
          <>
            <br />
            <strong>{n !== null ? m.viewNeighbourhood(n.name) : m.viewOutside}</strong>
          </>
        )}
      </figcaption>
      {load.kind === 'failed' && <p class="location-picker__note">{m.viewFailed}</p>}
      <Attribution load={load} />
    </figure>
  );
}
