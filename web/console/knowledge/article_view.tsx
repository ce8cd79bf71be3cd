import { useEffect, useState } from 'preact/hooks';
import type { Session } from '../../ui/api';
import { AlertRegion, messageFromError, StatusRegion, type Message } from '../../ui/alert';
import { Button } from '../../ui/button';
import { requestHeadingFocus, useHeadingFocus } from '../../ui/focus';
import { strings } from '../../ui/strings';
import { ArticleEditor } from './article_editor';
import { ArticleHistory } from './article_history';
import { ArticlePublication } from './article_publication';
import { StatusBadge } from './articles_view';
import { knowledgeApi, knowledgeRights, type Article, type ArticleDraft, type Category, type ServiceContact } from './knowledge_api';
import { categoryPaths, formatDateTime, statusText } from './knowledge_format';
import { followLink, hrefFor, type Navigate } from '../shell/router';
import { useDocumentTitle } from '../shell/use_document_title';
import './knowledge.css';

const t = strings.console.articles;

interface Loaded {
  article: Article | null;
  // The pending draft of a published article (what the editor shows), null when there is none.
  draft: ArticleDraft | null;
  categories: Category[];
  services: ServiceContact[];
}

type Load = { kind: 'loading' } | { kind: 'failed'; message: Message } | { kind: 'loaded'; data: Loaded };

// Said once on the page of an article just created (the page changes address when it is).
let pendingNotice: string | null = null;

interface ArticleViewProps {
  session: Session;
  navigate: Navigate;
  // null: a new article.
  articleId: string | null;
}

// One article: its editor for the agents who may write, its text for the others, its publication
// controls for those who may publish, and its version history.
export function ArticleView({ session, navigate, articleId }: ArticleViewProps) {
  const rights = knowledgeRights(session);
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  // Bumped when the article is replaced by the server's current version (after a conflict), so
  // that the editor starts again from it.
  const [generation, setGeneration] = useState(0);
  const [notice, setNotice] = useState<string | null>(() => {
    const text = pendingNotice;
    pendingNotice = null;
    return text;
  });
  const heading = useHeadingFocus<HTMLHeadingElement>();
  const [dirty, setDirty] = useState(false);

  useEffect(() => {
    let current = true;
    setLoad({ kind: 'loading' });
    Promise.all([
      articleId === null ? Promise.resolve(null) : knowledgeApi.article(articleId),
      articleId === null ? Promise.resolve(null) : loadDraft(articleId),
      knowledgeApi.categories().then((r) => r.items),
      rights.write ? knowledgeApi.services().then((r) => r.items) : Promise.resolve([] as ServiceContact[]),
    ])
      .then(
        ([article, draft, categories, services]) =>
          current && setLoad({ kind: 'loaded', data: { article, draft, categories, services } }),
      )
      .catch((error: unknown) => current && setLoad({ kind: 'failed', message: messageFromError(error) }));
    return () => {
      current = false;
    };
  }, [articleId, attempt]);

  const article = load.kind === 'loaded' ? load.data.article : null;
  const title = articleId === null ? t.newHeading : article?.title ?? t.loadingOne;
  useDocumentTitle(load.kind === 'loaded' ? title : t.documentTitle, session);

  const update = (change: Partial<Loaded>) => {
    if (load.kind === 'loaded') setLoad({ kind: 'loaded', data: { ...load.data, ...change } });
  };

  const timeZone = session.tenant.timezone;

  return (
    <>
      <p class="kb-back">
        <a href={hrefFor('articles')} onClick={followLink(navigate, 'articles')}>
          {t.back}
        </a>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        {load.kind === 'loaded' ? title : t.documentTitle}
      </h1>
      <StatusRegion message={load.kind === 'loading' ? { title: t.loadingOne } : notice !== null ? { title: notice } : null} />
      <AlertRegion
        message={load.kind === 'failed' ? { title: t.loadOneFailedTitle, detail: load.message.title } : null}
        actions={
          load.kind === 'failed' ? (
            <Button variant="secondary" onClick={() => setAttempt((n) => n + 1)}>
              {t.retry}
            </Button>
          ) : undefined
        }
      />
      {load.kind === 'loaded' && (
        <>
          {article !== null && (
            <p class="kb-meta">
              <StatusBadge status={article.status} text={statusText(article, timeZone)} />
              <span class="kb-tag">
                <span class="visually-hidden">{t.audiencePrefix}</span>
                {t.audienceLabels[article.audience] ?? article.audience}
              </span>
              <span>{t.versionInfo(article.version, formatDateTime(article.updated_at, timeZone))}</span>
            </p>
          )}
          {rights.write ? (
            <ArticleEditor
              key={`${articleId ?? 'new'}-${generation}`}
              article={article}
              draft={load.data.draft}
              timeZone={timeZone}
              onDraftSaved={(draft) => update({ draft })}
              categories={load.data.categories}
              services={load.data.services}
              onCategoryCreated={(category) => update({ categories: [...load.data.categories, category] })}
              onSaved={(saved, created) => {
                setNotice(null);
                if (created) {
                  pendingNotice = t.created;
                  navigate({ route: 'article', articleId: saved.id }, { replace: true });
                } else {
                  update({ article: saved });
                }
              }}
              onDirty={setDirty}
              onReloaded={(current) => {
                // The reload button is gone with the conflict: the page heading takes focus.
                requestHeadingFocus();
                setNotice(t.reloaded);
                void loadDraft(current.id).then((draft) => {
                  update({ article: current, draft });
                  setGeneration((n) => n + 1);
                });
              }}
            />
          ) : (
            article !== null && <ArticleReading article={article} categories={load.data.categories} />
          )}
          {article !== null && rights.publish && (
            <ArticlePublication
              article={article}
              draft={load.data.draft}
              timeZone={timeZone}
              unsaved={dirty}
              onChanged={(changed, draftGone) => {
                update(draftGone ? { article: changed, draft: null } : { article: changed });
                // The editor starts again from what is now the article.
                if (draftGone) setGeneration((n) => n + 1);
              }}
            />
          )}
          {article !== null && <ArticleHistory articleId={article.id} version={article.version} timeZone={timeZone} />}
        </>
      )}
    </>
  );
}

// The article's pending draft, or null when it has none.
async function loadDraft(id: string): Promise<ArticleDraft | null> {
  return (await knowledgeApi.draft(id)) ?? null;
}

// The article as the agents who may not change it read it.
function ArticleReading({ article, categories }: { article: Article; categories: Category[] }) {
  const paths = categoryPaths(categories);
  return (
    <section class="kb-section" aria-labelledby="kb-reading-heading">
      <h2 id="kb-reading-heading">{t.contentHeading}</h2>
      <p class="muted">{t.readOnlyNotice}</p>
      {article.summary !== '' && <p class="lead">{article.summary}</p>}
      <ul class="kb-facts">
        <li>
          {t.categoryPrefix}
          {article.category_id !== null ? paths.get(article.category_id) ?? article.category ?? t.noCategory : t.noCategory}
        </li>
        {article.tags.length > 0 && (
          <li>
            {t.tagsPrefix}
            {article.tags.join(strings.common.listSeparator)}
          </li>
        )}
      </ul>
      {/* The server renders the Markdown to sanitised HTML. */}
      <div class="kb-article prose" dangerouslySetInnerHTML={{ __html: article.html }} />
    </section>
  );
}
