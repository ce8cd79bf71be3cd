import { useEffect, useId, useState } from 'preact/hooks';
import { ApiError, isVersionConflict } from '../../ui/api';
import { AlertRegion, messageFromError, StatusRegion, type Message } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Field, hasFieldError } from '../../ui/field';
import { useFocusAfterRender } from '../../ui/focus';
import { strings } from '../../ui/strings';
import { TextField } from '../../ui/text_field';
import { withTenant } from '../../ui/api';
import { knowledgeApi, type Article, type ArticleDraft, type ArticleInput, type Audience, type Category, type ServiceContact } from './knowledge_api';
import { categoryPaths, formatDateTime, parseTags } from './knowledge_format';

const t = strings.console.articles;

interface Draft {
  title: string;
  summary: string;
  body: string;
  categoryId: string;
  tags: string;
  serviceId: string;
  audience: Audience;
}

function draftFrom(article: Article | null): Draft {
  return {
    title: article?.title ?? '',
    summary: article?.summary ?? '',
    body: article?.body ?? '',
    categoryId: article?.category_id ?? '',
    tags: article?.tags.join(', ') ?? '',
    serviceId: article?.service_id ?? '',
    audience: article?.audience ?? 'public',
  };
}

function inputFrom(draft: Draft, article: Article | null): ArticleInput {
  return {
    title: draft.title.trim(),
    summary: draft.summary.trim(),
    body: draft.body,
    category_id: draft.categoryId,
    tags: parseTags(draft.tags),
    service_id: draft.serviceId,
    audience: draft.audience,
    // Not edited here (imports set them): kept as they are.
    place_ids: article?.place_ids ?? [],
    request_categories: article?.request_categories ?? [],
  };
}

function sameDraft(a: Draft, b: Draft): boolean {
  return (
    a.title.trim() === b.title.trim() &&
    a.summary.trim() === b.summary.trim() &&
    a.body === b.body &&
    a.categoryId === b.categoryId &&
    parseTags(a.tags).join('\n') === parseTags(b.tags).join('\n') &&
    a.serviceId === b.serviceId &&
    a.audience === b.audience
  );
}

interface SaveError {
  message: Message;
  // Someone else saved in between: the way out is to reload.
  stale: boolean;
}

function saveError(error: unknown): SaveError {
  if (isVersionConflict(error)) {
    return { message: { title: t.staleTitle, detail: t.staleDetail }, stale: true };
  }
  if (error instanceof ApiError && error.status === 400) {
    return { message: { title: t.notSavedTitle, detail: error.problem.detail ?? error.problem.title }, stale: false };
  }
  const message = messageFromError(error);
  return { message: { title: t.notSavedTitle, detail: message.detail ?? message.title }, stale: false };
}

// The portal's page of the article showing its draft, as citizens will see it once published.
export function portalPreviewHref(articleId: string): string {
  return withTenant(`/fiche?id=${encodeURIComponent(articleId)}&apercu=brouillon`);
}

interface ArticleEditorProps {
  // The last saved version; null for a new article.
  article: Article | null;
  // The pending draft of a published article: the form starts from it.
  draft: ArticleDraft | null;
  timeZone: string;
  onDraftSaved: (draft: ArticleDraft) => void;
  categories: Category[];
  services: ServiceContact[];
  onCategoryCreated: (category: Category) => void;
  onSaved: (article: Article, created: boolean) => void;
  // The server's current version, read after a conflict.
  onReloaded: (article: Article) => void;
  // Told whether the form holds changes not saved yet.
  onDirty: (dirty: boolean) => void;
}

type Phase = 'idle' | 'saving' | 'reloading' | 'creating-category';
type Tab = 'write' | 'preview';

// The writers' form: content, classification and audience, saved with "Enregistrer" as a new
// version of the article (If-Match with the version read; the server answers 412 when someone
// saved in between, and the edits then stay on screen).
export function ArticleEditor({
  article,
  draft: pending,
  timeZone,
  onDraftSaved,
  categories,
  services,
  onCategoryCreated,
  onSaved,
  onReloaded,
  onDirty,
}: ArticleEditorProps) {
  const id = useId();
  const ids = {
    title: `${id}-title`,
    summary: `${id}-summary`,
    body: `${id}-body`,
    category: `${id}-category`,
    newCategory: `${id}-new-category`,
    newCategoryParent: `${id}-new-category-parent`,
    service: `${id}-service`,
    tabWrite: `${id}-tab-write`,
    tabPreview: `${id}-tab-preview`,
    panelWrite: `${id}-panel-write`,
    panelPreview: `${id}-panel-preview`,
    save: `${id}-save`,
  };
  const focusAfterRender = useFocusAfterRender();
  // A published article is edited through a draft kept apart from what citizens read.
  const published = article !== null && article.status === 'published';
  const base: Article | null = published && pending !== null ? pending : article;
  const [draft, setDraft] = useState<Draft>(() => draftFrom(base));
  const [phase, setPhase] = useState<Phase>('idle');
  const [tab, setTab] = useState<Tab>('write');
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<SaveError | null>(null);
  const [titleError, setTitleError] = useState<string | null>(null);
  const [categoryName, setCategoryName] = useState('');
  const [categoryParent, setCategoryParent] = useState('');
  const [categoryError, setCategoryError] = useState<string | null>(null);

  const saved = draftFrom(base);
  const dirty = !sameDraft(draft, saved);
  useEffect(() => onDirty(dirty), [dirty]);
  const paths = categoryPaths(categories);
  const sortedCategories = [...categories].sort((a, b) => (paths.get(a.id) ?? '').localeCompare(paths.get(b.id) ?? '', 'fr'));

  const change = (next: Partial<Draft>) => {
    setDraft({ ...draft, ...next });
    setStatus(null);
  };

  const save = async (thenPreview: boolean) => {
    if (phase !== 'idle') return;
    setError(null);
    if (draft.title.trim() === '') {
      setTitleError(t.titleMissing);
      setTab('write');
      focusAfterRender(ids.title);
      return;
    }
    setTitleError(null);
    setPhase('saving');
    setStatus(t.saving);
    try {
      const input = inputFrom(draft, article);
      if (published && article !== null) {
        const savedDraft = await knowledgeApi.saveDraft(article.id, input, article.version);
        setStatus(t.draftSaved);
        if (thenPreview) setTab('preview');
        onDraftSaved(savedDraft);
        return;
      }
      const result =
        article === null ? await knowledgeApi.createArticle(input) : await knowledgeApi.saveArticle(article.id, input, article.version);
      setStatus(article === null ? t.created : t.saved);
      if (thenPreview) setTab('preview');
      onSaved(result, article === null);
    } catch (caught) {
      setStatus(null);
      setError(saveError(caught));
    } finally {
      setPhase('idle');
    }
  };

  const reload = async () => {
    if (phase !== 'idle' || article === null) return;
    setPhase('reloading');
    setStatus(t.reloading);
    try {
      const current = await knowledgeApi.article(article.id);
      // The editor is started again from the current version (it is keyed by a generation).
      onReloaded(current);
    } catch (caught) {
      setStatus(null);
      setError({ message: { ...messageFromError(caught), title: t.loadOneFailedTitle }, stale: true });
      setPhase('idle');
    }
  };

  const createCategory = async () => {
    if (phase !== 'idle') return;
    const name = categoryName.trim();
    if (name === '') {
      setCategoryError(t.categoryNameMissing);
      focusAfterRender(ids.newCategory);
      return;
    }
    setCategoryError(null);
    setPhase('creating-category');
    try {
      const category = await knowledgeApi.createCategory(name, categoryParent === '' ? null : categoryParent);
      onCategoryCreated(category);
      setDraft({ ...draft, categoryId: category.id });
      setCategoryName('');
      setCategoryParent('');
      setStatus(t.categoryCreated(category.name));
      focusAfterRender(ids.category);
    } catch (caught) {
      const message = messageFromError(caught);
      setCategoryError(message.detail ?? message.title);
      focusAfterRender(ids.newCategory);
    } finally {
      setPhase('idle');
    }
  };

  // Arrow keys, Home and End move between the two tabs (WAI-ARIA tabs pattern).
  const onTabKey = (event: KeyboardEvent) => {
    const keys = ['ArrowLeft', 'ArrowRight', 'Home', 'End'];
    if (!keys.includes(event.key)) return;
    event.preventDefault();
    const next: Tab = event.key === 'Home' ? 'write' : event.key === 'End' ? 'preview' : tab === 'write' ? 'preview' : 'write';
    setTab(next);
    focusAfterRender(next === 'write' ? ids.tabWrite : ids.tabPreview);
  };

  const busy = phase !== 'idle' ? 'true' : undefined;

  return (
    <form
      class="kb-form"
      method="post"
      // The checks are the form's own, said next to the fields, rather than the browser's bubbles.
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save(false);
      }}
    >
      <section class="kb-section" aria-labelledby={`${id}-content`}>
        <h2 id={`${id}-content`}>{t.contentHeading}</h2>
        {published && (
          <p class="kb-draft-note">
            {pending !== null
              ? t.draftPending(formatDateTime(pending.draft.updated_at, timeZone), pending.draft.author_name)
              : t.draftHint}
          </p>
        )}
        <TextField
          id={ids.title}
          label={t.titleLabel}
          type="text"
          name="title"
          value={draft.title}
          onValue={(title) => change({ title })}
          error={titleError}
          required
        />
        <Field id={ids.summary} label={t.summaryLabel} hint={t.summaryHint}>
          {(describedBy) => (
            <textarea
              id={ids.summary}
              class="field__input kb-textarea kb-textarea--short"
              name="summary"
              rows={2}
              value={draft.summary}
              onInput={(event) => change({ summary: event.currentTarget.value })}
              aria-describedby={describedBy !== '' ? describedBy : undefined}
            />
          )}
        </Field>
        <div class="kb-tabs">
          <div role="tablist" aria-label={t.bodyTabsLabel} class="kb-tabs__list">
            {(['write', 'preview'] as const).map((name) => (
              <button
                key={name}
                type="button"
                role="tab"
                id={name === 'write' ? ids.tabWrite : ids.tabPreview}
                class="kb-tabs__tab"
                aria-selected={tab === name ? 'true' : 'false'}
                aria-controls={name === 'write' ? ids.panelWrite : ids.panelPreview}
                tabIndex={tab === name ? 0 : -1}
                onClick={() => setTab(name)}
                onKeyDown={onTabKey}
              >
                {name === 'write' ? t.writeTab : t.previewTab}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={ids.panelWrite} aria-labelledby={ids.tabWrite} hidden={tab !== 'write'} class="kb-tabs__panel">
            <Field id={ids.body} label={t.bodyLabel} hint={t.bodyHint}>
              {(describedBy) => (
                <textarea
                  id={ids.body}
                  class="field__input kb-textarea"
                  name="body"
                  rows={14}
                  value={draft.body}
                  onInput={(event) => change({ body: event.currentTarget.value })}
                  aria-describedby={describedBy !== '' ? describedBy : undefined}
                />
              )}
            </Field>
          </div>
          <div
            role="tabpanel"
            id={ids.panelPreview}
            aria-labelledby={ids.tabPreview}
            hidden={tab !== 'preview'}
            class="kb-tabs__panel"
            tabIndex={0}
          >
            {article === null ? (
              <p class="muted">{t.previewEmpty}</p>
            ) : (
              <>
                {dirty && (
                  <div class="message message--warning">
                    <p class="message__title">{t.previewStale}</p>
                    <div class="message__actions">
                      <Button variant="secondary" onClick={() => void save(true)} aria-disabled={busy}>
                        {t.savePreview}
                      </Button>
                    </div>
                  </div>
                )}
                {/* The server renders the Markdown to sanitised HTML. */}
                <div
                  class="kb-article prose"
                  aria-label={t.previewLabel}
                  role="region"
                  dangerouslySetInnerHTML={{ __html: (base ?? article).html }}
                />
                {published && pending !== null && (
                  <p class="kb-portal-preview">
                    <a href={portalPreviewHref(article.id)} target="_blank" rel="noopener" aria-describedby={`${id}-portal-preview-hint`}>
                      {t.portalPreview}
                    </a>
                    <span id={`${id}-portal-preview-hint`} class="field__hint">
                      {' '}
                      {t.portalPreviewHint}
                    </span>
                  </p>
                )}
              </>
            )}
          </div>
        </div>
      </section>

      <section class="kb-section" aria-labelledby={`${id}-classification`}>
        <h2 id={`${id}-classification`}>{t.classificationHeading}</h2>
        <Field id={ids.category} label={t.categoryLabel}>
          {() => (
            <select
              id={ids.category}
              class="field__input field__select"
              name="category_id"
              value={draft.categoryId}
              onChange={(event) => change({ categoryId: event.currentTarget.value })}
            >
              <option value="">{t.noCategory}</option>
              {sortedCategories.map((category) => (
                <option key={category.id} value={category.id}>
                  {paths.get(category.id) ?? category.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <fieldset class="kb-fieldset">
          <legend class="kb-fieldset__legend">{t.newCategoryLegend}</legend>
          <div class="kb-fieldset__row">
            <Field id={ids.newCategory} label={t.newCategoryNameLabel} error={categoryError}>
              {(describedBy) => (
                <input
                  id={ids.newCategory}
                  class="field__input"
                  type="text"
                  name="new_category"
                  value={categoryName}
                  onInput={(event) => setCategoryName(event.currentTarget.value)}
                  onKeyDown={(event) => {
                    // Enter here creates the category rather than saving the article.
                    if (event.key === 'Enter') {
                      event.preventDefault();
                      void createCategory();
                    }
                  }}
                  aria-invalid={hasFieldError(categoryError) ? 'true' : undefined}
                  aria-describedby={describedBy !== '' ? describedBy : undefined}
                />
              )}
            </Field>
            <Field id={ids.newCategoryParent} label={t.newCategoryParentLabel}>
              {() => (
                <select
                  id={ids.newCategoryParent}
                  class="field__input field__select"
                  name="new_category_parent"
                  value={categoryParent}
                  onChange={(event) => setCategoryParent(event.currentTarget.value)}
                >
                  <option value="">{t.newCategoryParentNone}</option>
                  {sortedCategories.map((category) => (
                    <option key={category.id} value={category.id}>
                      {paths.get(category.id) ?? category.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <Button variant="secondary" onClick={() => void createCategory()} aria-disabled={busy}>
            {t.createCategory}
          </Button>
        </fieldset>
        <TextField label={t.tagsLabel} hint={t.tagsHint} type="text" name="tags" value={draft.tags} onValue={(tags) => change({ tags })} />
        <Field id={ids.service} label={t.serviceLabel}>
          {() => (
            <select
              id={ids.service}
              class="field__input field__select"
              name="service_id"
              value={draft.serviceId}
              onChange={(event) => change({ serviceId: event.currentTarget.value })}
            >
              <option value="">{t.serviceNone}</option>
              {services.map((service) => (
                <option key={service.id} value={service.id}>
                  {service.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <fieldset class="kb-fieldset">
          <legend class="kb-fieldset__legend">{t.audienceLegend}</legend>
          {(['public', 'internal'] as const).map((audience) => (
            <label key={audience} class="kb-radio">
              <input
                type="radio"
                name={`${id}-audience`}
                value={audience}
                checked={draft.audience === audience}
                onChange={() => change({ audience })}
              />
              <span>{audience === 'public' ? t.audiencePublic : t.audienceInternal}</span>
            </label>
          ))}
        </fieldset>
      </section>

      <div class="kb-form__save">
        <AlertRegion
          message={error?.message ?? null}
          actions={
            error?.stale === true ? (
              <Button variant="secondary" onClick={() => void reload()} aria-disabled={busy}>
                {t.reload}
              </Button>
            ) : undefined
          }
        />
        <StatusRegion message={status === null ? null : { title: status }} />
        <div class="form__actions">
          <Button type="submit" id={ids.save} aria-disabled={busy}>
            {article === null ? t.saveDraft : published ? t.saveDraftOfPublished : t.save}
          </Button>
        </div>
      </div>
    </form>
  );
}
