// The portal's address look-ups (/api/v1/public/addresses…), served from the administration's own
// copy of the Base Adresse Nationale: no third party is called.
//
// Contract: resolves with the decoded body on a 2xx answer; rejects otherwise (a network failure,
// a 429 when typing too fast, a 4xx) — callers treat suggestions and reverse look-ups as a help
// and show nothing on failure. An aborted request rejects with the browser's AbortError.
import { withTenant } from './api';

export interface AddressSuggestion {
  label: string; // "4 Place du Marronnier, 91999 Villebelle"
  number: string;
  street: string;
  postcode: string;
  commune: string;
  citycode: string;
  lat: number;
  lon: number;
}

export interface ReverseAnswer {
  address: AddressSuggestion | null;
  distance_m: number | null;
}

async function get<T>(path: string, params: Record<string, string>, signal?: AbortSignal): Promise<T> {
  const query = new URLSearchParams(params).toString();
  const response = await fetch(withTenant(`/api/v1${path}?${query}`), {
    headers: { Accept: 'application/json' },
    credentials: 'same-origin',
    signal: signal ?? null,
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return (await response.json()) as T;
}

export const addressesApi = {
  suggest: (text: string, signal?: AbortSignal) =>
    get<{ items: AddressSuggestion[] }>('/public/addresses', { q: text, limit: '6' }, signal),
  reverse: (lat: number, lon: number, signal?: AbortSignal) =>
    get<ReverseAnswer>('/public/addresses/reverse', { lat: String(lat), lon: String(lon) }, signal),
};

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
