import { useState } from 'preact/hooks';
import { AlertRegion, messageFromError, StatusRegion, type Message } from '../../ui/alert';
import { ApiError } from '../../ui/api';
import { Button } from '../../ui/button';
import { useFocusAfterRender } from '../../ui/focus';
import { strings } from '../../ui/strings';
import { ConflictActions, useVersionConflict } from '../../ui/version_conflict';
import type { Service } from '../requests/requests_api';
import { defaultWorkflow, FIELD_TYPES, keyFromLabel, moved, settingsApi, splitList, type CategoryDetail, type CategoryInput } from './requests_settings_api';
import { Check, Input, Select, TextArea } from './settings_controls';
import { workflowDraftOf, workflowOf, type WorkflowDraft } from './workflow_draft';
import { WorkflowEditor } from './workflow_editor';

const t = strings.console.requestsSettings;
const tt = t.types;

interface FieldDraft {
  uid: number;
  key: string;
  keyTouched: boolean;
  label: string;
  type: string;
  required: boolean;
  // Checkboxes only: ticked, the box makes the request urgent (first in the inbox).
  urgent: boolean;
  optionsText: string;
  help: string;
}

interface Draft {
  id: string | null;
  // The version the form was opened at, sent with the change (If-Match).
  version: number;
  name: string;
  description: string;
  kind: string;
  service_id: string;
  public: boolean;
  keywords: string;
  fields: FieldDraft[];
  workflow: WorkflowDraft;
}

let nextUid = 1;

function draftOf(c: CategoryDetail | null): Draft {
  if (c === null) {
    return { id: null, version: 0, name: '', description: '', kind: 'request', service_id: '', public: true, keywords: '', fields: [], workflow: workflowDraftOf(defaultWorkflow()) };
  }
  return {
    id: c.id,
    version: c.version,
    name: c.name,
    description: c.description,
    kind: c.kind,
    service_id: c.service_id ?? '',
    public: c.public,
    keywords: c.keywords.join(', '),
    fields: c.fields.map((f) => ({ ...f, urgent: f.urgent === true, uid: nextUid++, keyTouched: true, optionsText: f.options.join('\n') })),
    workflow: workflowDraftOf(c.workflow),
  };
}

function inputOf(d: Draft): CategoryInput {
  return {
    name: d.name.trim(),
    description: d.description.trim(),
    kind: d.kind,
    service_id: d.service_id === '' ? null : d.service_id,
    public: d.public,
    keywords: splitList(d.keywords, ','),
    fields: d.fields.map((f) => ({
      key: f.key,
      label: f.label.trim(),
      type: f.type,
      required: f.required,
      // Kept on save (an editor that dropped it would silently demote « Danger immédiat »).
      ...(f.type === 'checkbox' && f.urgent ? { urgent: true } : {}),
      options: f.type === 'choice' || f.type === 'multiple_choice' ? splitList(f.optionsText, '\n') : [],
      help: f.help.trim(),
    })),
    workflow: workflowOf(d.workflow),
  };
}

interface Props {
  services: Service[];
  categories: CategoryDetail[];
  onChanged: () => void;
}

// The request types: their list, and a form to create or edit one with its fields and workflow.
export function RequestTypesEditor({ services, categories, onChanged }: Props) {
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<Message | null>(null);
  const [notice, setNotice] = useState<Message | null>(null);
  const [saving, setSaving] = useState(false);
  // A new form (and a fresh workflow editor, without the previous one's messages) per opening.
  const [formKey, setFormKey] = useState(0);
  const focusAfter = useFocusAfterRender();
  const conflict = useVersionConflict(strings.versionConflict.requestType);

  const open = (c: CategoryDetail | null) => {
    conflict.clear();
    setError(null);
    setNotice(null);
    focusAfter('types-form-heading');
    setFormKey((k) => k + 1);
    setDraft(draftOf(c));
  };
  const update = (patch: Partial<Draft>) => setDraft((d) => (d === null ? d : { ...d, ...patch }));
  const updateField = (i: number, patch: Partial<FieldDraft>) =>
    setDraft((d) => (d === null ? d : { ...d, fields: d.fields.map((f, j) => (j === i ? { ...f, ...patch } : f)) }));
  const changeWorkflow = (change: (w: WorkflowDraft) => WorkflowDraft) => setDraft((d) => (d === null ? d : { ...d, workflow: change(d.workflow) }));

  const save = async (event: Event) => {
    event.preventDefault();
    if (draft === null || saving) return;
    setSaving(true);
    setError(null);
    try {
      const input = inputOf(draft);
      const saved = draft.id === null ? await settingsApi.createCategory(input) : await settingsApi.updateCategory(draft.id, draft.version, input);
      setNotice({ title: draft.id === null ? tt.created(saved.name) : tt.updated(saved.name) });
      setDraft(null);
      focusAfter('types-heading');
      onChanged();
    } catch (e) {
      // The API's problem titles are generic ("Requête invalide"); its detail says what to fix.
      const m = messageFromError(e);
      setError(conflict.check(e) ?? (e instanceof ApiError ? { title: tt.saveFailed, detail: m.detail ?? m.title } : m));
      focusAfter('types-error');
    } finally {
      setSaving(false);
    }
  };

  // After a conflict: the type as it is now, in the form (the list too).
  const reload = async (id: string) => {
    const ok = await conflict.reload(async () => {
      const current = await settingsApi.category(id);
      setFormKey((k) => k + 1);
      setDraft(draftOf(current));
    });
    setError(ok ? null : { title: strings.versionConflict.reloadFailed });
    if (ok) {
      setNotice({ title: strings.versionConflict.reloaded });
      focusAfter('types-form-heading');
      onChanged();
    }
  };

  const serviceOptions = [{ value: '', label: t.serviceNone }, ...services.map((s) => ({ value: s.id, label: s.name }))];
  const kindOptions = Object.entries(tt.kinds).map(([value, label]) => ({ value, label }));

  return (
    <section aria-labelledby="types-heading" class="settings-section" id="types">
      <h2 id="types-heading" tabIndex={-1}>
        {tt.heading}
      </h2>
      <StatusRegion message={notice} />
      {categories.length === 0 && <p class="muted">{tt.noTypes}</p>}
      {categories.length > 0 && (
        <ul class="settings-list" aria-label={tt.listCaption}>
          {categories.map((c) => (
            <li key={c.id}>
              <span>
                {c.name} <span class="muted">({tt.kinds[c.kind] ?? c.kind}, {c.public ? tt.onPortal : tt.notOnPortal})</span>
              </span>
              <Button variant="secondary" onClick={() => open(c)}>
                {tt.edit(c.name)}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <p>
        <Button onClick={() => open(null)}>{tt.create}</Button>
      </p>
      {draft !== null && (
        <form key={formKey} class="settings-form" onSubmit={(e) => void save(e)} noValidate aria-labelledby="types-form-heading">
          <h3 id="types-form-heading" tabIndex={-1}>
            {draft.id === null ? tt.formNew : tt.formEdit(draft.name)}
          </h3>
          <div id="types-error" tabIndex={-1}>
            <AlertRegion
              message={error}
              actions={conflict.stale && draft.id !== null ? <ConflictActions onReload={() => void reload(draft.id ?? '')} busy={conflict.reloading} /> : undefined}
            />
          </div>
          <Input label={tt.nameLabel} value={draft.name} onValue={(name) => update({ name })} required />
          <TextArea label={tt.descriptionLabel} value={draft.description} rows={3} onValue={(description) => update({ description })} />
          <div class="settings-row">
            <Select label={tt.kindLabel} value={draft.kind} options={kindOptions} onValue={(kind) => update({ kind })} />
            <Select label={tt.serviceLabel} value={draft.service_id} options={serviceOptions} onValue={(service_id) => update({ service_id })} />
          </div>
          <Check label={tt.publicLabel} checked={draft.public} onChecked={(p) => update({ public: p })} />
          <Input label={tt.keywordsLabel} hint={tt.keywordsHint} value={draft.keywords} onValue={(keywords) => update({ keywords })} />

          <fieldset class="settings-group">
            <legend>{tt.fieldsLegend}</legend>
            {draft.fields.length === 0 && <p class="muted">{tt.noFields}</p>}
            {draft.fields.map((f, i) => (
              <fieldset class="settings-item" key={f.uid} id={`field-${f.uid}`}>
                <legend>{tt.fieldLegend(i + 1, f.label)}</legend>
                <div class="settings-row">
                  <Input
                    id={`field-${f.uid}-label`}
                    label={tt.fieldLabel}
                    value={f.label}
                    onValue={(label) => updateField(i, f.keyTouched ? { label } : { label, key: keyFromLabel(label) })}
                  />
                  <Input label={tt.fieldKey} hint={tt.fieldKeyHint} value={f.key} onValue={(key) => updateField(i, { key, keyTouched: true })} />
                  <Select
                    label={tt.fieldType}
                    value={f.type}
                    options={FIELD_TYPES.map((type) => ({ value: type, label: tt.fieldTypes[type] ?? type }))}
                    onValue={(type) => updateField(i, { type })}
                  />
                </div>
                <Check label={tt.fieldRequired} checked={f.required} onChecked={(required) => updateField(i, { required })} />
                {f.type === 'checkbox' && <Check label={tt.fieldUrgent} checked={f.urgent} onChecked={(urgent) => updateField(i, { urgent })} />}
                {(f.type === 'choice' || f.type === 'multiple_choice') && (
                  <TextArea label={tt.fieldOptions} hint={tt.fieldOptionsHint} value={f.optionsText} onValue={(optionsText) => updateField(i, { optionsText })} />
                )}
                <Input label={tt.fieldHelp} value={f.help} onValue={(help) => updateField(i, { help })} />
                <div class="settings-actions">
                  <Button
                    variant="quiet"
                    disabled={i === 0}
                    onClick={() => {
                      focusAfter(`field-${f.uid}-label`);
                      update({ fields: moved(draft.fields, i, -1) });
                    }}
                  >
                    {t.moveUp(tt.fieldName(i + 1))}
                  </Button>
                  <Button
                    variant="quiet"
                    disabled={i === draft.fields.length - 1}
                    onClick={() => {
                      focusAfter(`field-${f.uid}-label`);
                      update({ fields: moved(draft.fields, i, 1) });
                    }}
                  >
                    {t.moveDown(tt.fieldName(i + 1))}
                  </Button>
                  <Button
                    variant="quiet"
                    onClick={() => {
                      focusAfter('types-add-field');
                      update({ fields: draft.fields.filter((_, j) => j !== i) });
                    }}
                  >
                    {t.remove(tt.fieldName(i + 1))}
                  </Button>
                </div>
              </fieldset>
            ))}
            <Button
              variant="secondary"
              id="types-add-field"
              onClick={() => {
                const uid = nextUid++;
                focusAfter(`field-${uid}-label`);
                update({
                  fields: [...draft.fields, { uid, key: '', keyTouched: false, label: '', type: 'text', required: false, urgent: false, optionsText: '', help: '' }],
                });
              }}
            >
              {tt.addField}
            </Button>
          </fieldset>

          <WorkflowEditor workflow={draft.workflow} onChange={changeWorkflow} focusAfter={focusAfter} />

          <div class="settings-actions">
            <Button type="submit" disabled={saving}>
              {t.save}
            </Button>
            <Button
              variant="secondary"
              onClick={() => {
                focusAfter('types-heading');
                setDraft(null);
                setError(null);
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
