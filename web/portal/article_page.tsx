import { withTenant } from '../ui/api';
import { AlertRegion, StatusRegion } from '../ui/alert';
import { strings } from '../ui/strings';
import { knowledgeApi, type Article } from './knowledge_api';
import { formatInstantDate } from './knowledge_format';
import { PortalPage, TenantAlert } from './portal_page';
import { pageParam, useLoad } from './use_load';

const t = strings.articlePage;

// An article of the knowledge base (/fiche?id=…), as published by the commune. Its body is HTML
// that the server rendered from Markdown and sanitised.
export function ArticlePage() {
  const id = pageParam('id');
  const article = useLoad<Article | null>(() => (id === '' ? Promise.resolve(null) : knowledgeApi.article(id)), [id]);
  const title = article.kind === 'ready' && article.value !== null ? article.value.title : t.documentTitle;
  const missing = article.kind === 'missing' || (article.kind === 'ready' && article.value === null);
  return (
    <PortalPage title={missing ? t.notFoundTitle : title} section="home" exact={false}>
      {({ tenant, error }) => (
        <>
          <TenantAlert error={error} />
          {article.kind === 'loading' && <StatusRegion message={{ title: t.loading }} />}
          {article.kind === 'failed' && <AlertRegion message={article.message} />}
          {missing && (
            <>
              <h1>{t.notFoundTitle}</h1>
              <p>{t.notFoundBody}</p>
            </>
          )}
          {article.kind === 'ready' && article.value !== null && (
            <ArticleBody article={article.value} timeZone={tenant?.timezone} />
          )}
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
