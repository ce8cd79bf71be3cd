import { withTenant } from '../ui/api';
import { AlertRegion, StatusRegion } from '../ui/alert';
import { strings } from '../ui/strings';
import { AnswerFeedback } from './answer_feedback';
import { knowledgeApi, type Article } from './knowledge_api';
import { formatInstantDate } from './knowledge_format';
import { PortalPage, TenantAlert } from './portal_page';
import { pageParam, useLoad } from './use_load';

const t = strings.articlePage;

// An article of the knowledge base (/fiche?id=…), as published by the commune. Its body is HTML
// that the server rendered from Markdown and sanitised.
//
// With &apercu=brouillon, a signed-in agent sees the article's pending draft on this very page,
// as citizens will once it is published (the console links here); citizens keep the published
// version.
export function ArticlePage() {
  const id = pageParam('id');
  const preview = pageParam('apercu') === 'brouillon';
  const article = useLoad<Article | null>(() => {
    if (id === '') return Promise.resolve(null);
    if (!preview) return knowledgeApi.article(id);
    // No draft (already published or discarded): the page says the preview is not found.
    return knowledgeApi.draft(id).then((draft) => (draft === null ? null : { ...draft, updated_at: draft.draft.updated_at }));
  }, [id, preview]);
  const title = article.kind === 'ready' && article.value !== null ? article.value.title : t.documentTitle;
  const missing = article.kind === 'missing' || (article.kind === 'ready' && article.value === null);
  const previewFailed = preview && article.kind === 'failed';
  return (
    <PortalPage
      title={missing ? t.notFoundTitle : preview ? `${t.previewTitle}${strings.portalTime.labelSeparator}${title}` : title}
      section="home"
      exact={false}
    >
      {({ tenant, error }) => (
        <>
          <TenantAlert error={error} />
          {preview && article.kind === 'ready' && article.value !== null && (
            <div class="message message--warning">
              <p class="message__title">{t.previewNotice}</p>
            </div>
          )}
          {article.kind === 'loading' && <StatusRegion message={{ title: t.loading }} />}
          {article.kind === 'failed' && (
            <AlertRegion message={previewFailed ? { title: t.previewTitle, detail: t.previewMissing } : article.message} />
          )}
          {missing && (
            <>
              <h1>{t.notFoundTitle}</h1>
              <p>{preview ? t.previewMissing : t.notFoundBody}</p>
            </>
          )}
          {article.kind === 'ready' && article.value !== null && (
            <ArticleBody article={article.value} timeZone={tenant?.timezone} />
          )}
          {article.kind === 'ready' && article.value !== null && !preview && <AnswerFeedback question={pageParam('q')} articleId={article.value.id} />}
          {article.kind !== 'loading' && (
            <p class="back-link">
              <a href={withTenant('/')}>{t.backHome}</a>
            </p>
          )}
        </>
      )}
    </PortalPage>
  );
}

function ArticleBody({ article, timeZone }: { article: Article; timeZone: string | undefined }) {
  return (
    <article class="article" aria-labelledby="article-title">
      <h1 id="article-title">{article.title}</h1>
      {article.summary !== '' && <p class="lead">{article.summary}</p>}
      <ul class="article__meta">
        {article.category !== null && article.category !== '' && (
          <li>
            {t.category}
            {strings.portalTime.labelSeparator}
            {article.category}
          </li>
        )}
        <li>
          <time dateTime={article.updated_at}>
            {strings.portalTime.updatedOn(formatInstantDate(article.updated_at, timeZone))}
          </time>
        </li>
      </ul>
      {/* Made safe by the server: cmark in safe mode, see src/knowledge/markdown.hpp. */}
      <div class="prose article__body" dangerouslySetInnerHTML={{ __html: article.html }} />
      {article.tags.length > 0 && (
        <p class="article__tags">
          {t.tags}
          {strings.portalTime.labelSeparator}
          {article.tags.join(strings.common.listSeparator)}
        </p>
      )}
      {article.url !== null && article.url !== '' && (
        <p class="article__source">
          {t.source}
          {strings.portalTime.labelSeparator}
          <a href={article.url} rel="noopener noreferrer">
            {t.sourceLink}
          </a>
        </p>
      )}
    </article>
  );
}
