// The Leaflet side of the maps, loaded on demand (import('./location_map')) by the components of
// location_picker.tsx, so that pages without a map never download Leaflet.
//
// Without a tile layer configured by the administration, the map draws the neighbourhoods' outlines
// and the places as landmarks on a plain background: no request leaves for a third party. Places
// are circle markers (no image icons), and so is the pin.
import * as L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import './location_map.css';
import type { Geometry } from 'geojson';
import type { MapContext } from './map_context';

export interface MapOptions {
  interactive: boolean; // false: a still picture (console), no zoom buttons, no clicks.
  zoomInTitle: string;
  zoomOutTitle: string;
  onPick?: (lat: number, lon: number) => void;
}

export interface LocationMap {
  setPin(position: { lat: number; lon: number } | null, pan: boolean): void;
  // The position `dx`, `dy` screen pixels away from `from` (the field's value: the pin may not
  // have caught up with a value just typed), or from the centre when there is none; the pin goes
  // there (arrow keys).
  nudge(from: { lat: number; lon: number } | null, dx: number, dy: number): { lat: number; lon: number };
  zoom(delta: number): void;
  destroy(): void;
}

// France, when the tenant has neither places nor neighbourhoods to frame.
const FALLBACK_CENTRE: L.LatLngTuple = [46.6, 2.4];
const FALLBACK_ZOOM = 5;
// Permanent labels stay readable up to about a dozen neighbourhoods; beyond, names show on hover.
const MAX_PERMANENT_LABELS = 12;
// Pixels kept around the framed bounds, and around the pin when the view follows it.
const FRAME_PADDING = 8;
const PIN_PADDING = 24;
// The zoom of a town's bounds before the container has a size to frame them in.
const UNFRAMED_ZOOM = 13;

export function createLocationMap(element: HTMLElement, context: MapContext, options: MapOptions): LocationMap {
  const map = L.map(element, {
    attributionControl: false, // The attribution is written under the map, as text.
    zoomControl: false,
    keyboard: false, // The container's owner handles keys (the pin, not the view, moves).
    scrollWheelZoom: false, // Scrolling the page must not zoom the map.
    dragging: options.interactive && !L.Browser.mobile, // One finger scrolls the page on phones.
    touchZoom: options.interactive,
    doubleClickZoom: options.interactive,
    boxZoom: false,
    zoomSnap: 0.5,
  });
  // The view first: vector layers are projected when added. Framing the bounds needs a container
  // larger than the padding: in a narrower one (laid out while hidden, or squeezed by a layout),
  // Leaflet computes a NaN zoom and throws « Invalid LatLng object: (NaN, NaN) ». Until the
  // container has a size, the view is the bounds' centre at a fixed zoom; the bounds are framed
  // once it has one (see the ResizeObserver below).
  const b = context.bounds;
  const bounds = b !== null ? L.latLngBounds([b.south, b.west], [b.north, b.east]) : null;
  let framed = false;
  let pin: L.CircleMarker | null = null;
  const frame = () => {
    const size = map.getSize();
    if (bounds === null || framed || size.x <= 2 * FRAME_PADDING || size.y <= 2 * FRAME_PADDING) return;
    map.fitBounds(bounds, { padding: [FRAME_PADDING, FRAME_PADDING] });
    framed = true;
    if (pin !== null && size.x > 2 * PIN_PADDING && size.y > 2 * PIN_PADDING) {
      map.panInside(pin.getLatLng(), { padding: [PIN_PADDING, PIN_PADDING] });
    }
  };
  map.setView(bounds !== null ? bounds.getCenter() : FALLBACK_CENTRE, bounds !== null ? UNFRAMED_ZOOM : FALLBACK_ZOOM);
  frame();

  if (options.interactive) {
    L.control.zoom({ position: 'topright', zoomInTitle: options.zoomInTitle, zoomOutTitle: options.zoomOutTitle }).addTo(map);
  }
  if (context.tiles !== null) {
    L.tileLayer(context.tiles.url, { maxZoom: 19, crossOrigin: false }).addTo(map);
  }

  const labels = context.neighbourhoods.length <= MAX_PERMANENT_LABELS;
  for (const n of context.neighbourhoods) {
    const layer = L.geoJSON(n.geometry as Geometry, {
      interactive: false,
      style: { className: 'location-map__area', weight: 2, fillOpacity: 0.08 },
    });
    if (labels) layer.bindTooltip(n.name, { permanent: true, direction: 'center', className: 'location-map__label' });
    layer.addTo(map);
  }
  // Places are landmarks for the eye, named on hover; they are not tab stops (twenty silent stops
  // would stand between the map and the rest of the form): the picker lists them beside the map,
  // and that list is the keyboard's way to them.
  for (const p of context.places) {
    const marker = L.circleMarker([p.lat, p.lon], { radius: 5, className: 'location-map__place', weight: 2, fillOpacity: 0.9, interactive: options.interactive })
      .bindTooltip(p.name, { direction: 'top', className: 'location-map__tooltip' })
      .addTo(map);
    const element = marker.getElement();
    element?.setAttribute('tabindex', '-1');
    element?.setAttribute('aria-hidden', 'true');
  }

  const setPin = (position: { lat: number; lon: number } | null, pan: boolean) => {
    // A position read from empty or malformed text (NaN) is no position: Leaflet would throw.
    if (position === null || !Number.isFinite(position.lat) || !Number.isFinite(position.lon)) {
      pin?.remove();
      pin = null;
      return;
    }
    const at: L.LatLngTuple = [position.lat, position.lon];
    if (pin === null) {
      pin = L.circleMarker(at, { radius: 10, className: 'location-map__pin', weight: 4, fillOpacity: 1, interactive: false }).addTo(map);
    } else {
      pin.setLatLng(at);
    }
    const size = map.getSize();
    if (pan && size.x > 2 * PIN_PADDING && size.y > 2 * PIN_PADDING) map.panInside(at, { padding: [PIN_PADDING, PIN_PADDING] });
  };

  if (options.interactive && options.onPick !== undefined) {
    const onPick = options.onPick;
    map.on('click', (event: L.LeafletMouseEvent) => onPick(event.latlng.lat, event.latlng.lng));
  }

  // A map laid out while hidden or before the page settled has a wrong size: measure again, and
  // frame the bounds if that could not be done yet.
  const observer = new ResizeObserver(() => {
    map.invalidateSize();
    frame();
  });
  observer.observe(element);

  return {
    setPin,
    nudge(from, dx, dy) {
      // In projected pixels at the current zoom, unrounded, so that a move along one axis keeps
      // the other coordinate exactly.
      const zoom = map.getZoom();
      const known = from !== null && Number.isFinite(from.lat) && Number.isFinite(from.lon);
      const start = map.project(known ? L.latLng(from.lat, from.lon) : map.getCenter(), zoom);
      const to = map.unproject(start.add([dx, dy]), zoom);
      const position = { lat: Math.max(-90, Math.min(90, to.lat)), lon: Math.max(-180, Math.min(180, to.lng)) };
      setPin(position, true);
      return position;
    },
    zoom(delta) {
      map.setZoom(map.getZoom() + delta);
    },
    destroy() {
      observer.disconnect();
      map.remove();
    },
  };
}
