import { useEffect, useId, useState } from 'preact/hooks';
import { strings } from '../../ui/strings';
import { knowledgeApi, type ArticleVersion } from './knowledge_api';
import { formatDateTime } from './knowledge_format';

const t = strings.console.articles;

type Load = { kind: 'loading' } | { kind: 'failed' } | { kind: 'loaded'; items: ArticleVersion[] };

interface ArticleHistoryProps {
  articleId: string;
  // The article's current version: the history is read again when it changes.
  version: number;
  timeZone: string;
}

// Every saved version of an article, newest first, with its author, date and status; each one's
// text can be unfolded (native <details>, usable with the keyboard).
export function ArticleHistory({ articleId, version, timeZone }: ArticleHistoryProps) {
  const id = useId();
  const [load, setLoad] = useState<Load>({ kind: 'loading' });

  useEffect(() => {
    let current = true;
    knowledgeApi
      .versions(articleId)
      .then((r) => current && setLoad({ kind: 'loaded', items: r.items }))
      .catch(() => current && setLoad({ kind: 'failed' }));
    return () => {
      current = false;
    };
  }, [articleId, version]);

  return (
    <section class="kb-section" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t.historyHeading}</h2>
      {load.kind === 'loading' && <p class="muted">{t.historyLoading}</p>}
      {load.kind === 'failed' && <p class="field__error">{t.historyFailed}</p>}
      {load.kind === 'loaded' && load.items.length === 0 && <p class="muted">{t.historyEmpty}</p>}
      {load.kind === 'loaded' && load.items.length > 0 && (
        <ol class="kb-history">
          {load.items.map((v) => (
            <li key={v.version} class="kb-history__item">
              <p class="kb-history__entry">
                {t.historyEntry(v.version, formatDateTime(v.created_at, timeZone), v.author_name)}
                {' — '}
                <span class={`kb-badge kb-badge--${v.status}`}>
                  <span class="visually-hidden">{t.statusPrefix}</span>
                  {t.statusLabels[v.status] ?? v.status}
                </span>
              </p>
              <details class="kb-history__details">
                <summary>{t.historyShow(v.version)}</summary>
                <div class="kb-history__text">
                  <p>
                    <strong>{t.historyTitle}</strong>
                    {v.title}
                  </p>
                  {v.summary !== '' && (
                    <p>
                      <strong>{t.historySummary}</strong>
                      {v.summary}
                    </p>
                  )}
                  <pre class="kb-history__body">{v.body}</pre>
                </div>
              </details>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
