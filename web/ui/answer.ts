// The answer engine's reply (GET /api/v1/answer), as the portal's virtual receptionist and the
// console's answer panel read it: one definition for both. Types only.

export type Intent = 'place_hours' | 'events' | 'article' | 'orientation' | 'unknown';

// [from, to] as ISO 8601 local times with their offset, e.g. "2026-11-29T09:00:00+01:00".
export type IsoInterval = [string, string];

export interface AnswerEvent {
  id: string;
  title: string;
  start: string;
  end: string;
  place_id: string | null;
  place_name: string | null;
  category: string;
}

export interface AnswerArticle {
  id: string;
  title: string;
  // HTML-escaped text in which the matched words are wrapped in <mark>…</mark>.
  snippet: string;
  score: number;
}

export interface ServiceContact {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
}

export interface Candidate {
  id: string;
  name: string;
  open: boolean | null;
  // The place's name is feminine (« la piscine »): adjectives agree with it (« ouverte »).
  feminine: boolean;
}

export interface Answer {
  intent: Intent;
  text: string;
  confidence: number;
  place: { id: string; name: string } | null;
  moment: string | null;
  moment_label: string | null;
  whole_day: boolean;
  open: boolean | null;
  day_intervals: IsoInterval[];
  next_change: string | null;
  events: AnswerEvent[];
  articles: AnswerArticle[];
  service: ServiceContact | null;
  candidates: Candidate[];
  notices: string[];
  suggestion: string | null;
  offer_request: boolean;
  // The moment the question is about, half-open [from, to); null when a date was not understood.
  window: { from: string; to: string; label: string } | null;
  // The question named a date or time the engine could not understand.
  date_unclear: boolean;
  // For a need: the public request type that fits it (its id opens the form on it).
  request_type: { id: string; name: string } | null;
}

