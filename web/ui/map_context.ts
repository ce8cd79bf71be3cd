// What a map of the tenant shows (GET /api/v1/public/map), and the neighbourhood of a point.
//
// The context is fetched once per page and shared by every map on it. The neighbourhood of a point
// is computed here from the geometries the context carries, so that the pin can move with the
// arrow keys without a request per step; the rule is the server's (NeighbourhoodService::Locate,
// also served as /api/v1/public/map/locate): even-odd inside the rings of each polygon, and the
// smallest neighbourhood when several hold the point.
import { apiRequest } from './api';

export type Ring = Array<[number, number]>; // [lon, lat] positions, closed.

export interface NeighbourhoodGeometry {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: Ring[] | Ring[][];
}

export interface MapNeighbourhood {
  id: string;
  external_id: string;
  name: string;
  geometry: NeighbourhoodGeometry;
}

export interface MapPlace {
  id: string;
  name: string;
  type: string;
  lat: number;
  lon: number;
}

export interface MapBounds {
  south: number;
  west: number;
  north: number;
  east: number;
}

export interface MapContext {
  bounds: MapBounds | null;
  tiles: { url: string; attribution: string } | null;
  neighbourhoods: MapNeighbourhood[];
  places: MapPlace[];
}

let pending: Promise<MapContext> | null = null;

export function loadMapContext(): Promise<MapContext> {
  if (pending === null) {
    pending = apiRequest<MapContext>('GET', '/public/map');
    // A failure is not kept: the next map on the page tries again.
    pending.catch(() => {
      pending = null;
    });
  }
  return pending;
}

function polygonsOf(g: NeighbourhoodGeometry): Ring[][] {
  return g.type === 'Polygon' ? [g.coordinates as Ring[]] : (g.coordinates as Ring[][]);
}

function crosses(ring: Ring, lat: number, lon: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [ax, ay] = ring[i]!;
    const [bx, by] = ring[j]!;
    if (ay > lat !== by > lat && lon < ((bx - ax) * (lat - ay)) / (by - ay) + ax) inside = !inside;
  }
  return inside;
}

function area(g: NeighbourhoodGeometry): number {
  let total = 0;
  for (const polygon of polygonsOf(g)) {
    polygon.forEach((ring, r) => {
      let sum = 0;
      for (let i = 0; i + 1 < ring.length; i++) sum += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1];
      total += (r === 0 ? 1 : -1) * Math.abs(sum / 2);
    });
  }
  return total;
}

export function neighbourhoodAt(context: MapContext, lat: number, lon: number): MapNeighbourhood | null {
  let best: MapNeighbourhood | null = null;
  let bestArea = 0;
  for (const n of context.neighbourhoods) {
    const inside = polygonsOf(n.geometry).some((polygon) => polygon.reduce((acc, ring) => (crosses(ring, lat, lon) ? !acc : acc), false));
    if (!inside) continue;
    const a = area(n.geometry);
    if (best === null || a < bestArea) {
      best = n;
      bestArea = a;
    }
  }
  return best;
}

// Decimal degrees as the inputs and the API write them: a point, at most 6 decimals (about 10 cm).
export function coordinateText(value: number): string {
  return String(Math.round(value * 1e6) / 1e6);
}

// Decimal degrees as French text: "48,8566".
export function frenchCoordinate(value: number): string {
  return new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 5, useGrouping: false }).format(value);
}

// A coordinate typed by a person, or null when it is not a number within ±limit.
export function parseCoordinate(text: string, limit: number): number | null {
  if (!/^-?\d+(\.\d+)?$/.test(text.trim())) return null;
  const value = Number(text.trim());
  return Math.abs(value) <= limit ? value : null;
}
