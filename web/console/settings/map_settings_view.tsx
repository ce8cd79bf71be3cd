// The tenant's map settings: the background of its maps (none, the IGN's plan, or its own tile
// server) and the state of its address index. Nothing is fetched from a third party until the
// administration chooses a background here (GET/PUT /api/v1/map/tiles).
import { useEffect, useState } from 'preact/hooks';
import { AlertRegion, messageFromError, StatusRegion, type Message } from '../../ui/alert';
import { apiChangeVersioned, apiGetVersioned, apiRequest, ApiError, type Session, type VersionRef } from '../../ui/api';
import { Button } from '../../ui/button';
import { useHeadingFocus } from '../../ui/focus';
import { strings } from '../../ui/strings';
import { TextField } from '../../ui/text_field';
import { ConflictActions, useVersionConflict } from '../../ui/version_conflict';
import { useDocumentTitle } from '../shell/use_document_title';

const t = strings.console.mapSettings;

type Source = 'none' | 'ign-plan' | 'custom';

interface Tiles {
  source: Source;
  url: string;
  attribution: string;
}

interface AddressStatus {
  addresses: number;
  streets: number;
  imported_at: string | null;
  source: string;
}

const number = new Intl.NumberFormat('fr-FR');

export function MapSettingsView({ session }: { session: Session }) {
  useDocumentTitle(t.documentTitle, session);
  const heading = useHeadingFocus<HTMLHeadingElement>();
  const [source, setSource] = useState<Source>('none');
  const [url, setUrl] = useState('');
  const [attribution, setAttribution] = useState('');
  const [loaded, setLoaded] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<Message | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [status, setStatus] = useState<Message | null>(null);
  const [index, setIndex] = useState<AddressStatus | null>(null);
  // The version shown (JSON `version` or ETag), sent with the next save (If-Match).
  const [version, setVersion] = useState<VersionRef>(null);
  const conflict = useVersionConflict(strings.versionConflict.mapTiles);

  const load = async () => {
    const tiles = await apiGetVersioned<Tiles>('/map/tiles');
    setSource(tiles.value.source);
    setUrl(tiles.value.source === 'custom' ? tiles.value.url : '');
    setAttribution(tiles.value.source === 'custom' ? tiles.value.attribution : '');
    setVersion(tiles.version);
    setLoaded(true);
  };
  const reload = async () => {
    const ok = await conflict.reload(load);
    setError(ok ? null : { title: strings.versionConflict.reloadFailed });
    if (ok) setStatus({ title: strings.versionConflict.reloaded });
  };

  useEffect(() => {
    load().catch(() => setError({ title: t.loadFailed }));
    apiRequest<AddressStatus>('GET', '/addresses/status')
      .then(setIndex)
      .catch(() => setIndex(null));
  }, []);

  const save = async (event: Event) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    setFieldError(null);
    setStatus(null);
    try {
      const saved = await apiChangeVersioned<Tiles>('PUT', '/map/tiles', version, { source, url, attribution });
      setVersion(saved.version);
      setStatus({ title: t.saved(saved.value.source === 'none' ? t.none : saved.value.source === 'ign-plan' ? t.ign : saved.value.url) });
    } catch (failure) {
      if (source === 'custom' && failure instanceof ApiError && failure.problem.status === 400) {
        setFieldError(failure.problem.detail ?? failure.problem.title);
      } else {
        setError(conflict.check(failure) ?? messageFromError(failure));
      }
    } finally {
      setSaving(false);
    }
  };

  const choice = (value: Source, label: string, hint?: string) => (
    <div class="choice">
      <input type="radio" id={`fond-${value}`} name="fond" value={value} checked={source === value} onChange={() => setSource(value)} aria-describedby={hint !== undefined ? `fond-${value}-aide` : undefined} />
      <label for={`fond-${value}`}>{label}</label>
      {hint !== undefined && (
        <p class="field__hint" id={`fond-${value}-aide`}>
          {hint}
        </p>
      )}
    </div>
  );

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t.heading}
      </h1>
      <p class="lead">{t.intro}</p>
      <AlertRegion message={error} actions={conflict.stale ? <ConflictActions onReload={() => void reload()} busy={conflict.reloading} /> : undefined} />
      <section aria-labelledby="carte-fond">
        <h2 id="carte-fond">{t.tilesHeading}</h2>
        <form onSubmit={save} noValidate>
          <fieldset class="field fieldset" disabled={!loaded}>
            <legend class="field__label">{t.sourceLegend}</legend>
            {choice('none', t.none)}
            {choice('ign-plan', t.ign, t.ignHint)}
            {choice('custom', t.custom)}
          </fieldset>
          {source === 'custom' && (
            <>
              <TextField id="fond-url" label={t.urlLabel} hint={t.urlHint} type="text" name="url" value={url} onValue={setUrl} error={fieldError} spellcheck={false} />
              <TextField id="fond-attribution" label={t.attributionLabel} type="text" name="attribution" value={attribution} onValue={setAttribution} />
            </>
          )}
          <Button type="submit" disabled={saving || !loaded}>
            {saving ? t.saving : t.save}
          </Button>
          <StatusRegion message={status} />
        </form>
      </section>
      <section aria-labelledby="carte-adresses">
        <h2 id="carte-adresses">{t.addressesHeading}</h2>
        <p>
          {index === null || index.imported_at === null
            ? t.addressesNone(session.tenant.slug)
            : t.addressesCount(
                number.format(index.addresses),
                number.format(index.streets),
                new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: session.tenant.timezone }).format(new Date(index.imported_at)),
                index.source,
              )}
        </p>
      </section>
    </>
  );
}
