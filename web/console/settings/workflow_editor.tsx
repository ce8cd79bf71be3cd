import { useState } from 'preact/hooks';
import { AlertRegion, StatusRegion, type Message } from '../../ui/alert';
import { Button } from '../../ui/button';
import { strings } from '../../ui/strings';
import { Check, Input, Select } from './settings_controls';
import {
  allows,
  nextUid,
  reachable,
  uniqueStatusKey,
  withNewStatus,
  withoutStatus,
  withStatusChanged,
  withTransition,
  type StatusDraft,
  type WorkflowDraft,
} from './workflow_draft';

const t = strings.console.requestsSettings.types;

interface Props {
  workflow: WorkflowDraft;
  // Applies a change to the latest draft (several changes may be queued before a render).
  onChange: (change: (w: WorkflowDraft) => WorkflowDraft) => void;
  // Names the element to focus once the change is rendered (useFocusAfterRender).
  focusAfter: (id: string) => void;
}

// What agents call a status, for legends and buttons; never empty.
function nameOf(s: StatusDraft): string {
  return s.internal_label.trim() || s.key || t.statusUnnamed;
}

// The workflow of a request type: its statuses, each with its labels, flags and the statuses a
// request may move to from it (one group of check boxes per status), and the initial status.
// Removal only edits the draft; the server has the last word when the type is saved (it refuses
// to drop a status that open requests are still in).
export function WorkflowEditor({ workflow, onChange, focusAfter }: Props) {
  const [refusal, setRefusal] = useState<Message | null>(null);
  const [notice, setNotice] = useState<Message | null>(null);
  const reached = reachable(workflow);

  const remove = (s: StatusDraft) => {
    setNotice(null);
    if (s.uid === workflow.initial) {
      setRefusal({ title: t.removeRefusedTitle, detail: t.removeInitialRefused(nameOf(s)) });
      return;
    }
    setRefusal(null);
    setNotice({ title: t.statusRemoved(nameOf(s)) });
    focusAfter('workflow-add-status');
    onChange((w) => withoutStatus(w, s.uid));
  };

  const add = () => {
    setRefusal(null);
    setNotice(null);
    const uid = nextUid();
    focusAfter(`status-${uid}-internal`);
    onChange((w) => withNewStatus(w, uid));
  };

  return (
    <fieldset class="settings-group">
      <legend>{t.workflowLegend}</legend>
      <p class="field__hint">{t.workflowHint}</p>
      <AlertRegion message={refusal} />
      <StatusRegion message={notice} />
      <Select
        label={t.initialLabel}
        value={String(workflow.initial)}
        options={workflow.statuses.map((s) => ({ value: String(s.uid), label: nameOf(s) }))}
        onValue={(uid) => onChange((w) => ({ ...w, initial: Number(uid) }))}
      />
      {workflow.statuses.map((s) => {
        const others = workflow.statuses.filter((o) => o.uid !== s.uid);
        const leaves = others.some((o) => allows(workflow, s.uid, o.uid));
        return (
          <fieldset class="settings-item" key={s.uid} id={`status-${s.uid}`}>
            <legend>{s.isNew && s.key === '' ? t.statusLegendNew : t.statusLegend(s.key)}</legend>
            <div class="settings-row">
              <Input
                id={`status-${s.uid}-internal`}
                label={t.statusInternal}
                value={s.internal_label}
                onValue={(internal_label) =>
                  onChange((w) =>
                    withStatusChanged(w, s.uid, s.isNew && !s.keyTouched ? { internal_label, key: uniqueStatusKey(w, s.uid, internal_label) } : { internal_label }),
                  )
                }
              />
              <Input label={t.statusPublic} value={s.public_label} onValue={(public_label) => onChange((w) => withStatusChanged(w, s.uid, { public_label }))} />
            </div>
            {s.isNew && (
              <Input label={t.statusKey} hint={t.statusKeyHint} value={s.key} onValue={(key) => onChange((w) => withStatusChanged(w, s.uid, { key, keyTouched: true }))} />
            )}
            <div class="settings-row">
              <Check label={t.statusPauses} checked={s.pauses} onChecked={(pauses) => onChange((w) => withStatusChanged(w, s.uid, { pauses }))} />
              <Check label={t.statusTerminal} checked={s.terminal} onChecked={(terminal) => onChange((w) => withStatusChanged(w, s.uid, { terminal }))} />
            </div>
            {!reached.has(s.uid) && <p class="field__hint settings-warning">{t.unreachable}</p>}
            {!s.terminal && !leaves && others.length > 0 && <p class="field__hint settings-warning">{t.deadEnd}</p>}
            <fieldset class="settings-transitions">
              <legend>{t.transitionsLegend(nameOf(s))}</legend>
              {others.length === 0 && <p class="muted">{t.transitionsNone}</p>}
              <div class="settings-checks">
                {others.map((o) => (
                  <Check key={o.uid} label={nameOf(o)} checked={allows(workflow, s.uid, o.uid)} onChecked={(allowed) => onChange((w) => withTransition(w, s.uid, o.uid, allowed))} />
                ))}
              </div>
            </fieldset>
            <div class="settings-actions">
              <Button variant="quiet" onClick={() => remove(s)}>
                {t.removeStatus(nameOf(s))}
              </Button>
            </div>
          </fieldset>
        );
      })}
      <Button variant="secondary" id="workflow-add-status" onClick={add}>
        {t.addStatus}
      </Button>
    </fieldset>
  );
}
