// The knowledge base and answer engine API as the console uses it (/api/v1/kb, /api/v1/answer,
// /api/v1/places, /api/v1/services). Same contract as ui/api.ts: resolves with the decoded body,
// rejects with an ApiError carrying the server's problem document.
import { apiChange, apiRequest, type Session } from '../../ui/api';

export type ArticleStatus = 'draft' | 'published' | 'archived';
export type Audience = 'public' | 'internal';

export const ARTICLE_STATUSES: readonly ArticleStatus[] = ['draft', 'published', 'archived'];

// An article as listed (without its body).
export interface ArticleSummary {
  id: string;
  external_id: string | null;
  title: string;
  summary: string;
  category_id: string | null;
  category: string | null;
  tags: string[];
  service_id: string | null;
  audience: Audience;
  url: string | null;
  place_ids: string[];
  request_categories: string[];
  status: ArticleStatus;
  publish_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  published_at: string | null;
}

// One article with its Markdown body and the server's sanitised HTML rendering of it.
export interface Article extends ArticleSummary {
  body: string;
  html: string;
}

// The draft of a published article, as the article it will become (content, html), with who
// saved it and when. The published article is unchanged until the draft is published.
export interface ArticleDraft extends Article {
  draft: { base_version: number; author_name: string; updated_at: string };
}

// What the console sends to create or change an article.
export interface ArticleInput {
  title: string;
  summary: string;
  body: string;
  category_id: string;
  tags: string[];
  service_id: string;
  audience: Audience;
  place_ids: string[];
  request_categories: string[];
}

export interface ArticleVersion {
  version: number;
  title: string;
  summary: string;
  body: string;
  status: ArticleStatus;
  audience: Audience;
  author_name: string;
  created_at: string;
}

export interface Category {
  id: string;
  parent_id: string | null;
  name: string;
}

// The answer engine's types are shared with the portal (web/ui/answer.ts).
export type { Answer, AnswerArticle, AnswerEvent, ServiceContact } from '../../ui/answer';
import type { Answer, ServiceContact } from '../../ui/answer';

export interface PlaceHours {
  state: 'open' | 'closed' | 'unknown' | string;
  comment: string | null;
  intervals: Array<{ from: string; to: string }>;
  next_change: string | null;
}

export interface PlaceWithHours {
  id: string;
  name: string;
  address: string;
  postcode: string;
  city: string;
  phone: string | null;
  email: string | null;
  hours: PlaceHours;
}

export interface ArticleListQuery {
  status: ArticleStatus | '';
  q: string;
  after: string | null;
}

function query(params: Record<string, string | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== null && value !== undefined && value !== '') search.set(key, value);
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

const articlePath = (id: string) => `/kb/articles/${encodeURIComponent(id)}`;

export const knowledgeApi = {
  articles: ({ status, q, after }: ArticleListQuery, limit = 25) =>
    apiRequest<{ items: ArticleSummary[]; next: string | null }>(
      'GET',
      `/kb/articles${query({ status, q, after, limit: String(limit) })}`,
    ),
  article: (id: string) => apiRequest<Article>('GET', articlePath(id)),
  createArticle: (input: ArticleInput) => apiRequest<Article>('POST', '/kb/articles', input),
  // Saves a new version only if the article is still at `version`; 412 otherwise.
  saveArticle: (id: string, input: ArticleInput, version: number) => apiChange<Article>('PUT', articlePath(id), version, input),
  setStatus: (id: string, status: ArticleStatus, version: number, publishAt: string | null) =>
    apiChange<Article>('POST', `${articlePath(id)}/status`, version, {
      status,
      ...(publishAt !== null && publishAt !== '' ? { publish_at: publishAt } : {}),
    }),
  // The article's pending draft; undefined when it has none (204).
  draft: (id: string) => apiRequest<ArticleDraft | undefined>('GET', `${articlePath(id)}/draft`),
  saveDraft: (id: string, input: ArticleInput, version: number) => apiChange<ArticleDraft>('PUT', `${articlePath(id)}/draft`, version, input),
  discardDraft: (id: string) => apiRequest<void>('DELETE', `${articlePath(id)}/draft`),
  publishDraft: (id: string, version: number) => apiChange<Article>('POST', `${articlePath(id)}/draft/publish`, version),
  versions: (id: string) => apiRequest<{ items: ArticleVersion[] }>('GET', `${articlePath(id)}/versions`),
  categories: () => apiRequest<{ items: Category[] }>('GET', '/kb/categories'),
  createCategory: (name: string, parentId: string | null) =>
    apiRequest<Category>('POST', '/kb/categories', parentId === null ? { name } : { name, parent_id: parentId }),
  services: () => apiRequest<{ items: ServiceContact[] }>('GET', '/services'),
  answer: (question: string) => apiRequest<Answer>('GET', `/answer${query({ q: question })}`),
  place: (id: string) => apiRequest<PlaceWithHours>('GET', `/places/${encodeURIComponent(id)}?limit=7`),
};

// What the signed-in agent may do with the knowledge base.
export interface KnowledgeRights {
  write: boolean;
  publish: boolean;
}

export function knowledgeRights(session: Session): KnowledgeRights {
  const granted = new Set(session.permissions ?? []);
  return { write: granted.has('knowledge.write'), publish: granted.has('knowledge.publish') };
}
