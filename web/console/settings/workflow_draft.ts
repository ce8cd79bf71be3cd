// A request type's workflow as the settings editor holds it while an administrator changes it.
//
// Statuses carry a uid that stays the same while they live, and transitions and the initial status
// name statuses by uid: the key of a new status follows its label as it is typed, and neither the
// transitions that cite it nor the focus in its inputs must be lost when it changes. Keys are put
// back when the workflow is saved (workflowOf).
import type { Workflow, WorkflowStatus } from '../requests/requests_api';
import { keyFromLabel } from './requests_settings_api';

export interface StatusDraft extends WorkflowStatus {
  uid: number;
  // Added in this editing session: its key may still change (a saved key is fixed, since requests
  // and the history name the status by it).
  isNew: boolean;
  // The key was typed, so it no longer follows the label.
  keyTouched: boolean;
}

export interface WorkflowDraft {
  initial: number;
  statuses: StatusDraft[];
  transitions: Array<{ from: number; to: number }>;
}

let lastUid = 0;
export const nextUid = () => ++lastUid;

export function workflowDraftOf(w: Workflow): WorkflowDraft {
  const statuses = w.statuses.map((s) => ({ ...s, uid: nextUid(), isNew: false, keyTouched: true }));
  const uidOf = new Map(statuses.map((s) => [s.key, s.uid]));
  const transitions: WorkflowDraft['transitions'] = [];
  for (const t of w.transitions) {
    const from = uidOf.get(t.from);
    const to = uidOf.get(t.to);
    if (from !== undefined && to !== undefined) transitions.push({ from, to });
  }
  return { initial: uidOf.get(w.initial) ?? statuses[0]?.uid ?? 0, statuses, transitions };
}

// The workflow to send to the API. Labels are trimmed; the server checks the rest (keys, labels,
// at least one terminal status) and says what is wrong.
export function workflowOf(d: WorkflowDraft): Workflow {
  const keyOf = new Map(d.statuses.map((s) => [s.uid, s.key]));
  return {
    initial: keyOf.get(d.initial) ?? '',
    statuses: d.statuses.map(({ key, public_label, internal_label, terminal, pauses }) => ({
      key,
      public_label: public_label.trim(),
      internal_label: internal_label.trim(),
      terminal,
      pauses,
    })),
    transitions: d.transitions.map((t) => ({ from: keyOf.get(t.from) ?? '', to: keyOf.get(t.to) ?? '' })),
  };
}

// A key derived from `label` that no other status of the draft has ("a_traiter", "a_traiter_2"…).
export function uniqueStatusKey(d: WorkflowDraft, uid: number, label: string): string {
  const base = keyFromLabel(label);
  if (base === '') return '';
  const taken = new Set(d.statuses.filter((s) => s.uid !== uid).map((s) => s.key));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) {
    const candidate = `${base.slice(0, 56)}_${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

// Adds an empty status under `uid` (from nextUid), to be named by the administrator.
export function withNewStatus(d: WorkflowDraft, uid: number): WorkflowDraft {
  const status: StatusDraft = { uid, key: '', public_label: '', internal_label: '', terminal: false, pauses: false, isNew: true, keyTouched: false };
  return { ...d, statuses: [...d.statuses, status] };
}

export function withStatusChanged(d: WorkflowDraft, uid: number, patch: Partial<StatusDraft>): WorkflowDraft {
  return { ...d, statuses: d.statuses.map((s) => (s.uid === uid ? { ...s, ...patch } : s)) };
}

// Removes a status and every transition to or from it. The initial status cannot go: the caller
// asks for another one first.
export function withoutStatus(d: WorkflowDraft, uid: number): WorkflowDraft {
  return {
    ...d,
    statuses: d.statuses.filter((s) => s.uid !== uid),
    transitions: d.transitions.filter((t) => t.from !== uid && t.to !== uid),
  };
}

export function allows(d: WorkflowDraft, from: number, to: number): boolean {
  return d.transitions.some((t) => t.from === from && t.to === to);
}

export function withTransition(d: WorkflowDraft, from: number, to: number, allowed: boolean): WorkflowDraft {
  const others = d.transitions.filter((t) => !(t.from === from && t.to === to));
  return { ...d, transitions: allowed ? [...others, { from, to }] : others };
}

// The statuses a request can reach from the initial one by the allowed transitions.
export function reachable(d: WorkflowDraft): Set<number> {
  const seen = new Set<number>([d.initial]);
  const queue = [d.initial];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const t of d.transitions) {
      if (t.from === next && !seen.has(t.to)) {
        seen.add(t.to);
        queue.push(t.to);
      }
    }
  }
  return seen;
}
