// Maps of a position: LocationPicker lets a citizen place a pin (portal's address fields), and
// LocationView shows a request's position (console), each with the neighbourhood it falls in.
//
// Leaflet is loaded only when one of these is drawn (import('./location_map')). The map context
// comes from /api/v1/public/map (tiles only if the administration configured them). The picker is
// usable without a pointer: the map is focusable, the arrow keys move the pin, a polite live region
// says where it is, and the latitude and longitude stay editable in a disclosure (they are the
// value; the map only writes them).
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
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
  // Opens the coordinates' disclosure (e.g. when they are in error, so that the error shows).
  coordinatesOpen?: boolean;
  children: ComponentChildren; // The latitude and longitude inputs.
}

export function LocationPicker({ id, label, lat, lon, onPick, coordinatesOpen = false, children }: PickerProps) {
  const pick = (la: number, lo: number) => onPick({ lat: coordinateText(la), lon: coordinateText(lo) });
  const { canvas, map, load } = useLeafletMap(true, pick);
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
      pick(next.lat, next.lon);
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
      <Button
        variant="secondary"
        onClick={() => {
          onPick({ lat: '', lon: '' });
          setCleared(true);
        }}
      >
        {m.clear}
      </Button>
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
