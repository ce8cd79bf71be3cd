import { useId, useState } from 'preact/hooks';
import { AlertRegion, messageFromError, StatusRegion, type Message } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Field } from '../../ui/field';
import { strings } from '../../ui/strings';
import { ConflictActions, useVersionConflict } from '../../ui/version_conflict';
import { knowledgeApi, type Article, type ArticleDraft, type ArticleStatus } from './knowledge_api';
import { statusText } from './knowledge_format';

const t = strings.console.articles;

interface ArticlePublicationProps {
  article: Article;
  // The pending draft of the published article, if any: « Publier » puts it online.
  draft?: ArticleDraft | null;
  timeZone: string;
  // `draftGone`: the draft was published or discarded.
  onChanged: (article: Article, draftGone: boolean) => void;
  // True when the editor holds changes not saved yet: the status then stays as it is.
  unsaved?: boolean;
}

// Publish, unpublish or archive the saved version of an article, now or at a chosen date and time
// (the tenant's local time, as "2026-12-10T08:00").
export function ArticlePublication({ article, draft = null, timeZone, onChanged, unsaved = false }: ArticlePublicationProps) {
  const id = useId();
  const [publishAt, setPublishAt] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<Message | null>(null);
  const conflict = useVersionConflict(strings.versionConflict.article);
  // After a conflict: the article as it is now (the draft, if any, is kept by the server).
  const reload = async () => {
    const ok = await conflict.reload(async () => onChanged(await knowledgeApi.article(article.id), false));
    setError(ok ? null : { title: strings.versionConflict.reloadFailed });
    if (ok) setStatus(strings.versionConflict.reloaded);
  };

  const apply = async (next: ArticleStatus) => {
    if (busy) return;
    setError(null);
    if (unsaved) {
      setStatus(null);
      setError({ title: t.statusFailedTitle, detail: t.unsavedBeforeStatus });
      return;
    }
    setBusy(true);
    setStatus(t.statusChanging);
    try {
      const changed = await knowledgeApi.setStatus(article.id, next, article.version, next === 'published' ? publishAt : null);
      setPublishAt('');
      setStatus(t.statusChanged(statusText(changed, timeZone)));
      onChanged(changed, false);
    } catch (caught) {
      setStatus(null);
      const message = messageFromError(caught);
      setError(conflict.check(caught) ?? { title: t.statusFailedTitle, detail: message.detail ?? message.title });
    } finally {
      setBusy(false);
    }
  };

  // Publishes the pending draft (or discards it): the portal then shows it (or keeps the
  // published version).
  const settleDraft = async (publish: boolean) => {
    if (busy) return;
    setError(null);
    if (unsaved) {
      setStatus(null);
      setError({ title: t.draftFailedTitle, detail: t.unsavedBeforeStatus });
      return;
    }
    setBusy(true);
    setStatus(publish ? t.publishing : null);
    try {
      if (publish) {
        const changed = await knowledgeApi.publishDraft(article.id, article.version);
        setStatus(t.draftPublished);
        onChanged(changed, true);
      } else {
        await knowledgeApi.discardDraft(article.id);
        setStatus(t.draftDiscarded);
        onChanged(article, true);
      }
    } catch (caught) {
      setStatus(null);
      const message = messageFromError(caught);
      setError(conflict.check(caught) ?? { title: t.draftFailedTitle, detail: message.detail ?? message.title });
    } finally {
      setBusy(false);
    }
  };

  const disabled = busy ? 'true' : undefined;
  const pendingDraft = article.status === 'published' && draft !== null;
  return (
    <section class="kb-section" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t.publicationHeading}</h2>
      <p>
        {t.statusPrefix}
        {statusText(article, timeZone)}
      </p>
      {article.status !== 'published' && (
        <Field id={`${id}-publish-at`} label={t.publishAtLabel} hint={t.publishAtHint}>
          {(describedBy) => (
            <input
              id={`${id}-publish-at`}
              class="field__input kb-datetime"
              type="datetime-local"
              name="publish_at"
              value={publishAt}
              onInput={(event) => setPublishAt(event.currentTarget.value)}
              aria-describedby={describedBy !== '' ? describedBy : undefined}
            />
          )}
        </Field>
      )}
      {pendingDraft && (
        <div class="kb-draft">
          <h3 id={`${id}-draft`}>{t.draftHeading}</h3>
          <p>{t.publishDraftHint}</p>
          <div class="form__actions kb-actions">
            <Button onClick={() => void settleDraft(true)} aria-disabled={disabled} aria-describedby={`${id}-draft`}>
              {t.publish}
            </Button>
            <Button variant="secondary" onClick={() => void settleDraft(false)} aria-disabled={disabled}>
              {t.discardDraft}
            </Button>
          </div>
        </div>
      )}
      <AlertRegion message={error} actions={conflict.stale ? <ConflictActions onReload={() => void reload()} busy={conflict.reloading} /> : undefined} />
      <StatusRegion message={status === null ? null : { title: status }} />
      <div class="form__actions kb-actions">
        {article.status !== 'published' && (
          <Button onClick={() => void apply('published')} aria-disabled={disabled}>
            {publishAt === '' ? t.publish : t.schedule}
          </Button>
        )}
        {article.status === 'published' && (
          <Button variant="secondary" onClick={() => void apply('draft')} aria-disabled={disabled}>
            {t.unpublish}
          </Button>
        )}
        {article.status !== 'archived' && (
          <Button variant="secondary" onClick={() => void apply('archived')} aria-disabled={disabled}>
            {t.archive}
          </Button>
        )}
      </div>
    </section>
  );
}
