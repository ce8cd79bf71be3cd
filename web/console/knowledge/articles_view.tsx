import { useEffect, useId, useState } from 'preact/hooks';
import type { Session } from '../../ui/api';
import { AlertRegion, messageFromError, StatusRegion, type Message } from '../../ui/alert';
import { Button } from '../../ui/button';
import { useFocusAfterRender, useHeadingFocus } from '../../ui/focus';
import { SelectField } from '../../ui/select_field';
import { strings } from '../../ui/strings';
import { TextField } from '../../ui/text_field';
import { ARTICLE_STATUSES, knowledgeApi, knowledgeRights, type ArticleStatus, type ArticleSummary } from './knowledge_api';
import { formatDay, statusText } from './knowledge_format';
import { articleHref, followLink, type Navigate } from '../shell/router';
import { useDocumentTitle } from '../shell/use_document_title';
import './knowledge.css';

const t = strings.console.articles;

interface Filters {
  status: ArticleStatus | '';
  q: string;
}

type Load =
  | { kind: 'loading' }
  | { kind: 'failed'; message: Message }
  | { kind: 'loaded'; items: ArticleSummary[]; next: string | null };

// The knowledge base: the articles, filtered by status and title, with a way to write a new one
// for the agents who may.
export function ArticlesView({ session, navigate }: { session: Session; navigate: Navigate }) {
  useDocumentTitle(t.documentTitle, session);
  const heading = useHeadingFocus<HTMLHeadingElement>();
  const rights = knowledgeRights(session);
  const idPrefix = useId();
  const focusAfterRender = useFocusAfterRender();
  const [draftFilters, setDraftFilters] = useState<Filters>({ status: '', q: '' });
  const [filters, setFilters] = useState<Filters>(draftFilters);
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<Message | null>(null);

  useEffect(() => {
    let current = true;
    setLoad({ kind: 'loading' });
    knowledgeApi
      .articles({ ...filters, after: null })
      .then((page) => current && setLoad({ kind: 'loaded', items: page.items, next: page.next }))
      .catch((error: unknown) => current && setLoad({ kind: 'failed', message: messageFromError(error) }));
    return () => {
      current = false;
    };
  }, [filters, attempt]);

  const linkId = (index: number) => `${idPrefix}-article-${index}`;

  const loadMore = async () => {
    if (load.kind !== 'loaded' || load.next === null || loadingMore) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await knowledgeApi.articles({ ...filters, after: load.next });
      // The first new article takes focus, so that reading goes on where the list grew.
      if (page.items.length > 0) focusAfterRender(linkId(load.items.length));
      setLoad({ kind: 'loaded', items: [...load.items, ...page.items], next: page.next });
    } catch (error) {
      setMoreError(messageFromError(error));
    } finally {
      setLoadingMore(false);
    }
  };

  const statusOptions = [
    { value: '', label: t.statusAll },
    ...ARTICLE_STATUSES.map((status) => ({ value: status, label: t.statusLabels[status] ?? status })),
  ];

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t.heading}
      </h1>
      <p class="lead">{t.intro}</p>
      {rights.write && (
        <p>
          <a class="button button--primary" href={articleHref(null)} onClick={followLink(navigate, { route: 'article', articleId: null })}>
            {t.newArticle}
          </a>
        </p>
      )}
      <form
        class="kb-filters"
        role="search"
        aria-label={t.filtersLabel}
        onSubmit={(event) => {
          event.preventDefault();
          setFilters({ ...draftFilters });
          setAttempt((n) => n + 1);
        }}
      >
        <SelectField
          label={t.statusFilterLabel}
          name="status"
          value={draftFilters.status}
          options={statusOptions}
          onValue={(value) => setDraftFilters({ ...draftFilters, status: value as ArticleStatus | '' })}
        />
        <TextField label={t.textFilterLabel} type="search" name="q" value={draftFilters.q} onValue={(q) => setDraftFilters({ ...draftFilters, q })} />
        <div class="kb-filters__submit">
          <Button type="submit" variant="secondary">
            {t.filter}
          </Button>
        </div>
      </form>
      <StatusRegion
        message={
          load.kind === 'loading'
            ? { title: t.loading }
            : load.kind === 'loaded'
              ? { title: t.count(load.items.length, load.next !== null) }
              : null
        }
      />
      <AlertRegion
        message={load.kind === 'failed' ? { ...load.message, title: t.loadFailedTitle, detail: load.message.title } : moreError}
        actions={
          load.kind === 'failed' ? (
            <Button variant="secondary" onClick={() => setAttempt((n) => n + 1)}>
              {t.retry}
            </Button>
          ) : undefined
        }
      />
      {load.kind === 'loaded' && load.items.length > 0 && (
        <ul class="kb-list">
          {load.items.map((article, index) => (
            <li key={article.id} class="kb-list__item">
              <h2 class="kb-list__title">
                <a
                  id={linkId(index)}
                  href={articleHref(article.id)}
                  onClick={followLink(navigate, { route: 'article', articleId: article.id })}
                >
                  {article.title}
                </a>
              </h2>
              {article.summary !== '' && <p class="kb-list__summary">{article.summary}</p>}
              <p class="kb-list__meta">
                <StatusBadge status={article.status} text={statusText(article, session.tenant.timezone)} />
                <span class="kb-tag">{t.audienceLabels[article.audience] ?? article.audience}</span>
                <span>{article.category ?? t.noCategory}</span>
                <span>{t.updatedOn(formatDay(article.updated_at, session.tenant.timezone))}</span>
              </p>
            </li>
          ))}
        </ul>
      )}
      {load.kind === 'loaded' && load.next !== null && (
        <p>
          <Button variant="secondary" onClick={() => void loadMore()} aria-disabled={loadingMore ? 'true' : undefined}>
            {t.more}
          </Button>
        </p>
      )}
    </>
  );
}

// An article's status as a word (never by colour alone), with a status-specific look.
export function StatusBadge({ status, text }: { status: ArticleStatus; text: string }) {
  return (
    <span class={`kb-badge kb-badge--${status}`}>
      <span class="visually-hidden">{t.statusPrefix}</span>
      {text}
    </span>
  );
}
