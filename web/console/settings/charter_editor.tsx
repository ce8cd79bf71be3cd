import { useState } from 'preact/hooks';
import { AlertRegion, messageFromError, StatusRegion, VisuallyHidden, type Message } from '../../ui/alert';
import { Button } from '../../ui/button';
import { useFocusAfterRender } from '../../ui/focus';
import { strings } from '../../ui/strings';
import { ConflictActions, useVersionConflict } from '../../ui/version_conflict';
import { CHANNELS, DELAY_UNITS, settingsApi, type CategoryDetail, type Charter, type CharterRule, type Delay } from './requests_settings_api';
import { Check, Input, Select } from './settings_controls';

const t = strings.console.requestsSettings;
const tc = t.charter;
const DELAYS = ['acknowledgement', 'first_answer', 'resolution'] as const;
const PRESETS = ['marianne', 'services_publics_plus'] as const;

interface Props {
  charter: Charter;
  categories: CategoryDetail[];
  onSaved: (c: Charter) => void;
}

// The deadline charter: a preset applied after confirmation, or the rules edited in a table.
// Every save makes a new version; open requests keep theirs.
export function CharterEditor({ charter, categories, onSaved }: Props) {
  const [rules, setRules] = useState<CharterRule[]>(charter.rules);
  const [options, setOptions] = useState({
    count_receipt_day: charter.count_receipt_day,
    holding_reply_counts: charter.holding_reply_counts,
    warn_hours_before: String(charter.warn_hours_before),
  });
  const [preset, setPreset] = useState<string>(charter.preset === 'marianne' ? 'services_publics_plus' : 'marianne');
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<Message | null>(null);
  const [notice, setNotice] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);
  const focusAfter = useFocusAfterRender();
  const conflict = useVersionConflict(strings.versionConflict.charter);

  const done = (saved: Charter, message: string) => {
    setRules(saved.rules);
    setOptions({
      count_receipt_day: saved.count_receipt_day,
      holding_reply_counts: saved.holding_reply_counts,
      warn_hours_before: String(saved.warn_hours_before),
    });
    setNotice({ title: message });
    focusAfter('charter-heading');
    onSaved(saved);
  };

  const run = async (action: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await action();
    } catch (e) {
      setError(conflict.check(e) ?? messageFromError(e));
      focusAfter('charter-error');
    } finally {
      setBusy(false);
    }
  };

  const applyPreset = () =>
    run(async () => {
      const saved = await settingsApi.applyPreset(charter.version, preset);
      setConfirming(false);
      done(saved, tc.applied(tc.presets[preset] ?? preset, saved.version));
    });

  const saveRules = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const warn = Number.parseInt(options.warn_hours_before, 10);
      const saved = await settingsApi.saveCharter(charter.version, {
        preset: 'custom',
        count_receipt_day: options.count_receipt_day,
        holding_reply_counts: options.holding_reply_counts,
        warn_hours_before: Number.isNaN(warn) ? 0 : warn,
        rules,
      });
      done(saved, tc.saved(saved.version));
    });
  };

  // After a conflict: the charter as it is now (its version shown above the form).
  const reload = async () => {
    let current: Charter | null = null;
    const ok = await conflict.reload(async () => {
      current = await settingsApi.charter();
    });
    if (ok && current !== null) done(current, strings.versionConflict.reloaded);
    else setError({ title: strings.versionConflict.reloadFailed });
  };

  const updateRule = (i: number, patch: Partial<CharterRule>) => setRules((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const setDelay = (i: number, which: (typeof DELAYS)[number], delay: Delay | null) => updateRule(i, { [which]: delay } as Partial<CharterRule>);

  const channelOptions = [{ value: '', label: t.any }, ...CHANNELS.map((c) => ({ value: c, label: strings.console.requests.channels[c] ?? c }))];
  const categoryOptions = [{ value: '', label: t.any }, ...categories.map((c) => ({ value: c.id, label: c.name }))];
  const kindOptions = [{ value: '', label: t.any }, ...Object.entries(t.types.kinds).map(([value, label]) => ({ value, label }))];
  const unitOptions = ['', ...DELAY_UNITS].map((u) => ({ value: u, label: tc.units[u] ?? u }));
  const columns = { acknowledgement: tc.colAck, first_answer: tc.colFirst, resolution: tc.colResolution };

  return (
    <section aria-labelledby="charter-heading" class="settings-section" id="charte">
      <h2 id="charter-heading" tabIndex={-1}>
        {tc.heading}
      </h2>
      <p class="settings-version">
        <strong>{tc.version(charter.version)}</strong> — {tc.current(tc.presets[charter.preset] ?? charter.preset)}
      </p>
      <p class="message message--info">{tc.versionNote}</p>
      <StatusRegion message={notice} />
      <div id="charter-error" tabIndex={-1}>
        <AlertRegion message={error} actions={conflict.stale ? <ConflictActions onReload={() => void reload()} busy={conflict.reloading} /> : undefined} />
      </div>

      <fieldset class="settings-group">
        <legend>{tc.presetLegend}</legend>
        <div class="settings-row settings-row--end">
          <Select
            label={tc.presetLabel}
            value={preset}
            options={PRESETS.map((p) => ({ value: p, label: tc.presets[p] ?? p }))}
            onValue={(p) => {
              setPreset(p);
              setConfirming(false);
            }}
          />
          <Button
            variant="secondary"
            onClick={() => {
              focusAfter('charter-confirm');
              setConfirming(true);
            }}
          >
            {tc.applyPreset}
          </Button>
        </div>
        {confirming && (
          <div class="settings-confirm">
            <p id="charter-confirm" tabIndex={-1}>
              {tc.confirmPreset(tc.presets[preset] ?? preset)}
            </p>
            <div class="settings-actions">
              <Button disabled={busy} onClick={() => void applyPreset()}>
                {tc.confirmYes}
              </Button>
              <Button variant="secondary" onClick={() => setConfirming(false)}>
                {t.cancel}
              </Button>
            </div>
          </div>
        )}
      </fieldset>

      <form class="settings-form settings-form--wide" onSubmit={saveRules} noValidate aria-labelledby="charter-rules-legend">
        <h3 id="charter-rules-legend">{tc.rulesLegend}</h3>
        <div class="table-scroll" tabIndex={0} role="region" aria-label={tc.rulesCaption}>
          <table class="settings-table settings-table--rules">
            <caption class="visually-hidden">{tc.rulesCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{tc.colChannel}</th>
                <th scope="col">{tc.colCategory}</th>
                <th scope="col">{tc.colKind}</th>
                <th scope="col">{tc.colAck}</th>
                <th scope="col">{tc.colFirst}</th>
                <th scope="col">{tc.colResolution}</th>
                <th scope="col">{tc.colActions}</th>
              </tr>
            </thead>
            <tbody>
              {rules.map((r, i) => (
                <tr key={i}>
                  <td>
                    <Select hideLabel label={tc.cellLabel(tc.colChannel, i + 1)} value={r.channel ?? ''} options={channelOptions} onValue={(v) => updateRule(i, { channel: v || null })} />
                  </td>
                  <td>
                    <Select hideLabel label={tc.cellLabel(tc.colCategory, i + 1)} value={r.category_id ?? ''} options={categoryOptions} onValue={(v) => updateRule(i, { category_id: v || null })} />
                  </td>
                  <td>
                    <Select hideLabel label={tc.cellLabel(tc.colKind, i + 1)} value={r.kind ?? ''} options={kindOptions} onValue={(v) => updateRule(i, { kind: v || null })} />
                  </td>
                  {DELAYS.map((which) => {
                    const d = r[which];
                    return (
                      <td key={which}>
                        <div class="settings-delay">
                        {d !== null && (
                          <Input
                            hideLabel
                            type="number"
                            label={tc.amountLabel(columns[which], i + 1)}
                            value={String(d.amount)}
                            onValue={(v) => setDelay(i, which, { amount: Number.parseInt(v, 10) || 0, unit: d.unit })}
                          />
                        )}
                        <Select
                          hideLabel
                          label={tc.unitLabel(columns[which], i + 1)}
                          value={d?.unit ?? ''}
                          options={unitOptions}
                          onValue={(unit) => setDelay(i, which, unit === '' ? null : { amount: d?.amount ?? 1, unit })}
                        />
                        </div>
                      </td>
                    );
                  })}
                  <td>
                    <Button
                      variant="quiet"
                      onClick={() => {
                        focusAfter('charter-add-rule');
                        setRules(rules.filter((_, j) => j !== i));
                      }}
                    >
                      {t.removeShort}
                      <VisuallyHidden> {tc.ruleName(i + 1)}</VisuallyHidden>
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p>
          <Button
            variant="secondary"
            id="charter-add-rule"
            onClick={() =>
              setRules([...rules, { channel: null, category_id: null, kind: null, acknowledgement: null, first_answer: null, resolution: null }])
            }
          >
            {tc.addRule}
          </Button>
        </p>
        <Check label={tc.countReceiptDay} checked={options.count_receipt_day} onChecked={(v) => setOptions({ ...options, count_receipt_day: v })} />
        <Check label={tc.holdingReplyCounts} checked={options.holding_reply_counts} onChecked={(v) => setOptions({ ...options, holding_reply_counts: v })} />
        <Input type="number" label={tc.warnHours} value={options.warn_hours_before} onValue={(v) => setOptions({ ...options, warn_hours_before: v })} />
        <div class="settings-actions">
          <Button type="submit" disabled={busy}>
            {t.save}
          </Button>
        </div>
      </form>
    </section>
  );
}
