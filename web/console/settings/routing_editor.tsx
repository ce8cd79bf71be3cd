import { useState } from 'preact/hooks';
import { AlertRegion, messageFromError, StatusRegion, type Message } from '../../ui/alert';
import { Button } from '../../ui/button';
import { useFocusAfterRender } from '../../ui/focus';
import { strings } from '../../ui/strings';
import { ConflictActions, useVersionConflict } from '../../ui/version_conflict';
import type { Service } from '../requests/requests_api';
import { CHANNELS, moved, settingsApi, splitList, type CategoryDetail, type Routing, type RoutingRule } from './requests_settings_api';
import { Input, Select } from './settings_controls';

const t = strings.console.requestsSettings;
const tr = t.routing;

// A rule being edited: keywords as typed, a stable key for the list.
interface RuleDraft extends RoutingRule {
  uid: number;
  keywordsText: string;
}

let nextUid = 1;
const draftOf = (r: RoutingRule): RuleDraft => ({ ...r, uid: nextUid++, keywordsText: r.keywords.join(', ') });

interface Props {
  routing: Routing;
  services: Service[];
  categories: CategoryDetail[];
}

// Routing: the default service and the ordered rules (polygons are kept as they are).
export function RoutingEditor({ routing, services, categories }: Props) {
  const [fallback, setFallback] = useState(routing.default_service_id ?? '');
  const [rules, setRules] = useState<RuleDraft[]>(routing.rules.map(draftOf));
  const [error, setError] = useState<Message | null>(null);
  const [notice, setNotice] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);
  // The version shown, sent with the next save (If-Match) and replaced by the one it answers.
  const [version, setVersion] = useState(routing.version);
  const focusAfter = useFocusAfterRender();
  const conflict = useVersionConflict(strings.versionConflict.routing);
  const show = (r: Routing) => {
    setFallback(r.default_service_id ?? '');
    setRules(r.rules.map(draftOf));
    setVersion(r.version);
  };
  const reload = async () => {
    const ok = await conflict.reload(async () => show(await settingsApi.routing()));
    setError(ok ? null : { title: strings.versionConflict.reloadFailed });
    if (ok) setNotice({ title: strings.versionConflict.reloaded });
  };

  const update = (i: number, patch: Partial<RuleDraft>) => setRules((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  const save = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const saved = await settingsApi.saveRouting(version, {
        default_service_id: fallback === '' ? null : fallback,
        rules: rules.map(({ uid: _uid, keywordsText, ...r }) => ({ ...r, keywords: splitList(keywordsText, ',') })),
      });
      show(saved);
      setNotice({ title: tr.saved });
      focusAfter('routing-heading');
    } catch (e) {
      setError(conflict.check(e) ?? messageFromError(e));
      focusAfter('routing-error');
    } finally {
      setBusy(false);
    }
  };

  const services_ = services.map((s) => ({ value: s.id, label: s.name }));
  const channelOptions = [{ value: '', label: t.any }, ...CHANNELS.map((c) => ({ value: c, label: strings.console.requests.channels[c] ?? c }))];
  const categoryOptions = [{ value: '', label: t.any }, ...categories.map((c) => ({ value: c.id, label: c.name }))];

  return (
    <section aria-labelledby="routing-heading" class="settings-section" id="orientation">
      <h2 id="routing-heading" tabIndex={-1}>
        {tr.heading}
      </h2>
      <p>{tr.intro}</p>
      <StatusRegion message={notice} />
      <form class="settings-form" onSubmit={(e) => void save(e)} noValidate aria-labelledby="routing-heading">
        <div id="routing-error" tabIndex={-1}>
          <AlertRegion message={error} actions={conflict.stale ? <ConflictActions onReload={() => void reload()} busy={conflict.reloading} /> : undefined} />
        </div>
        <Select label={tr.defaultService} value={fallback} options={[{ value: '', label: t.serviceNone }, ...services_]} onValue={setFallback} />
        <fieldset class="settings-group">
          <legend>{tr.rulesLegend}</legend>
          {rules.length === 0 && <p class="muted">{tr.noRules}</p>}
          {rules.map((r, i) => (
            <fieldset class="settings-item" key={r.uid}>
              <legend>{tr.ruleLegend(i + 1, r.name)}</legend>
              <div class="settings-row">
                <Input id={`routing-${r.uid}-name`} label={tr.nameLabel} value={r.name} onValue={(name) => update(i, { name })} />
                <Input label={tr.keywordsLabel} hint={tr.keywordsHint} value={r.keywordsText} onValue={(keywordsText) => update(i, { keywordsText })} />
              </div>
              <div class="settings-row">
                <Select label={tr.channelLabel} value={r.channel ?? ''} options={channelOptions} onValue={(v) => update(i, { channel: v || null })} />
                <Select label={tr.categoryLabel} value={r.category_id ?? ''} options={categoryOptions} onValue={(v) => update(i, { category_id: v || null })} />
                <Select label={tr.serviceLabel} value={r.service_id} options={services_} onValue={(service_id) => update(i, { service_id })} />
              </div>
              <p class="muted">{tr.polygon(r.polygon.length)}</p>
              <div class="settings-actions">
                <Button
                  variant="quiet"
                  disabled={i === 0}
                  onClick={() => {
                    focusAfter(`routing-${r.uid}-name`);
                    setRules(moved(rules, i, -1));
                  }}
                >
                  {t.moveUp(tr.ruleName(i + 1))}
                </Button>
                <Button
                  variant="quiet"
                  disabled={i === rules.length - 1}
                  onClick={() => {
                    focusAfter(`routing-${r.uid}-name`);
                    setRules(moved(rules, i, 1));
                  }}
                >
                  {t.moveDown(tr.ruleName(i + 1))}
                </Button>
                <Button
                  variant="quiet"
                  onClick={() => {
                    focusAfter('routing-add');
                    setRules(rules.filter((_, j) => j !== i));
                  }}
                >
                  {t.remove(tr.ruleName(i + 1))}
                </Button>
              </div>
            </fieldset>
          ))}
          <Button
            variant="secondary"
            id="routing-add"
            onClick={() => {
              const rule = draftOf({ name: '', category_id: null, channel: null, keywords: [], polygon: [], service_id: services[0]?.id ?? '' });
              focusAfter(`routing-${rule.uid}-name`);
              setRules([...rules, rule]);
            }}
          >
            {tr.addRule}
          </Button>
        </fieldset>
        <div class="settings-actions">
          <Button type="submit" disabled={busy}>
            {t.save}
          </Button>
        </div>
      </form>
    </section>
  );
}
