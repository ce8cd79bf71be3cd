import { useState } from 'preact/hooks';
import { AlertRegion, messageFromError, StatusRegion, type Message } from '../../ui/alert';
import { Button } from '../../ui/button';
import { useFocusAfterRender } from '../../ui/focus';
import { strings } from '../../ui/strings';
import { ConflictActions, useVersionConflict } from '../../ui/version_conflict';
import { settingsApi, splitList, type AnswerTemplate, type Letterhead, type MergeField } from './requests_settings_api';
import { Input, Select, TextArea } from './settings_controls';

const t = strings.console.requestsSettings;
const tm = t.templates;
const tl = t.letterhead;

interface TemplateDraft {
  id: string | null;
  // The version the form was opened at, sent with the change (If-Match).
  version: number;
  name: string;
  kind: string;
  channel: string;
  subject: string;
  body: string;
}

const EMPTY: TemplateDraft = { id: null, version: 0, name: '', kind: 'answer', channel: 'any', subject: '', body: '' };

// Answer templates: their list, and a form to edit the subject and body with the merge fields.
export function TemplatesEditor({ templates, fields, onChanged }: { templates: AnswerTemplate[]; fields: MergeField[]; onChanged: () => void }) {
  const [draft, setDraft] = useState<TemplateDraft | null>(null);
  const [error, setError] = useState<Message | null>(null);
  const [notice, setNotice] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);
  const focusAfter = useFocusAfterRender();
  const conflict = useVersionConflict(strings.versionConflict.template);

  const open = (d: TemplateDraft) => {
    conflict.clear();
    setError(null);
    setNotice(null);
    focusAfter('templates-form-heading');
    setDraft(d);
  };
  const update = (patch: Partial<TemplateDraft>) => setDraft((d) => (d === null ? d : { ...d, ...patch }));

  const save = async (event: Event) => {
    event.preventDefault();
    if (draft === null || busy) return;
    setBusy(true);
    setError(null);
    try {
      const { id, version, ...body } = draft;
      const saved = id === null ? await settingsApi.createTemplate(body) : await settingsApi.updateTemplate(id, version, body);
      setNotice({ title: tm.saved(saved.name) });
      setDraft(null);
      focusAfter('templates-heading');
      onChanged();
    } catch (e) {
      setError(conflict.check(e) ?? messageFromError(e));
      focusAfter('templates-error');
    } finally {
      setBusy(false);
    }
  };

  // After a conflict: the template as it is now, in the form (the agent's text was offered to copy).
  const reload = async (id: string) => {
    const ok = await conflict.reload(async () => {
      const current = (await settingsApi.templates()).items.find((x) => x.id === id);
      if (current === undefined) throw new Error('template gone');
      setDraft({ id: current.id, version: current.version, name: current.name, kind: current.kind, channel: current.channel, subject: current.subject, body: current.body });
    });
    setError(ok ? null : { title: strings.versionConflict.reloadFailed });
    if (ok) {
      setNotice({ title: strings.versionConflict.reloaded });
      focusAfter('templates-form-heading');
      onChanged();
    }
  };

  return (
    <section aria-labelledby="templates-heading" class="settings-section" id="modeles">
      <h2 id="templates-heading" tabIndex={-1}>
        {tm.heading}
      </h2>
      <StatusRegion message={notice} />
      <ul class="settings-list" aria-label={tm.listLabel}>
        {templates.map((x) => (
          <li key={x.id}>
            <span>
              {x.name} <span class="muted">({tm.kinds[x.kind] ?? x.kind}, {tm.channels[x.channel] ?? x.channel})</span>
            </span>
            <Button variant="secondary" onClick={() => open({ id: x.id, version: x.version, name: x.name, kind: x.kind, channel: x.channel, subject: x.subject, body: x.body })}>
              {tm.edit(x.name)}
            </Button>
          </li>
        ))}
      </ul>
      <p>
        <Button onClick={() => open(EMPTY)}>{tm.create}</Button>
      </p>
      {draft !== null && (
        <form class="settings-form" onSubmit={(e) => void save(e)} noValidate aria-labelledby="templates-form-heading">
          <h3 id="templates-form-heading" tabIndex={-1}>
            {draft.id === null ? tm.formNew : tm.formEdit(draft.name)}
          </h3>
          <div id="templates-error" tabIndex={-1}>
            <AlertRegion
              message={error}
              actions={conflict.stale && draft.id !== null ? <ConflictActions onReload={() => void reload(draft.id ?? '')} busy={conflict.reloading} unsaved={draft.body} /> : undefined}
            />
          </div>
          <Input label={tm.nameLabel} value={draft.name} onValue={(name) => update({ name })} required />
          <div class="settings-row">
            <Select label={tm.kindLabel} value={draft.kind} options={Object.entries(tm.kinds).map(([value, label]) => ({ value, label }))} onValue={(kind) => update({ kind })} />
            <Select
              label={tm.channelLabel}
              value={draft.channel}
              options={Object.entries(tm.channels).map(([value, label]) => ({ value, label }))}
              onValue={(channel) => update({ channel })}
            />
          </div>
          <Input label={tm.subjectLabel} hint={tm.mergeFieldsHint} value={draft.subject} onValue={(subject) => update({ subject })} />
          <TextArea label={tm.bodyLabel} hint={tm.mergeFieldsHint} rows={10} value={draft.body} onValue={(body) => update({ body })} />
          <h4>{tm.mergeFieldsHeading}</h4>
          <dl class="settings-merge-fields">
            {fields.map((f) => (
              <div key={f.name}>
                <dt>
                  <code>{`{{${f.name}}}`}</code>
                </dt>
                <dd>{f.description}</dd>
              </div>
            ))}
          </dl>
          <div class="settings-actions">
            <Button type="submit" disabled={busy}>
              {t.save}
            </Button>
            <Button
              variant="secondary"
              onClick={() => {
                focusAfter('templates-heading');
                setDraft(null);
              }}
            >
              {t.cancel}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}

// The letterhead printed on letters: sender, address lines, place.
export function LetterheadEditor({ letterhead }: { letterhead: Letterhead }) {
  const [sender, setSender] = useState(letterhead.sender_name);
  const [address, setAddress] = useState(letterhead.address.join('\n'));
  const [place, setPlace] = useState(letterhead.place);
  const [error, setError] = useState<Message | null>(null);
  const [notice, setNotice] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);
  // The version shown, sent with the next save (If-Match) and replaced by the one it answers.
  const [version, setVersion] = useState(letterhead.version);
  const focusAfter = useFocusAfterRender();
  const conflict = useVersionConflict(strings.versionConflict.letterhead);
  const show = (l: Letterhead) => {
    setSender(l.sender_name);
    setAddress(l.address.join('\n'));
    setPlace(l.place);
    setVersion(l.version);
  };

  const reload = async () => {
    const ok = await conflict.reload(async () => show(await settingsApi.letterhead()));
    setError(ok ? null : { title: strings.versionConflict.reloadFailed });
    if (ok) setNotice({ title: strings.versionConflict.reloaded });
  };

  const save = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const saved = await settingsApi.saveLetterhead(version, { sender_name: sender.trim(), address: splitList(address, '\n'), place: place.trim() });
      setVersion(saved.version);
      setNotice({ title: tl.saved });
      focusAfter('letterhead-heading');
    } catch (e) {
      setError(conflict.check(e) ?? messageFromError(e));
      focusAfter('letterhead-error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="letterhead-heading" class="settings-section" id="en-tete">
      <h2 id="letterhead-heading" tabIndex={-1}>
        {tl.heading}
      </h2>
      <StatusRegion message={notice} />
      <form class="settings-form" onSubmit={(e) => void save(e)} noValidate aria-labelledby="letterhead-heading">
        <div id="letterhead-error" tabIndex={-1}>
          <AlertRegion
            message={error}
            actions={conflict.stale ? <ConflictActions onReload={() => void reload()} busy={conflict.reloading} unsaved={[sender, address, place].join('\n')} /> : undefined}
          />
        </div>
        <Input label={tl.senderLabel} value={sender} onValue={setSender} required />
        <TextArea label={tl.addressLabel} hint={tl.addressHint} rows={4} value={address} onValue={setAddress} />
        <Input label={tl.placeLabel} value={place} onValue={setPlace} required />
        <div class="settings-actions">
          <Button type="submit" disabled={busy}>
            {t.save}
          </Button>
        </div>
      </form>
    </section>
  );
}
