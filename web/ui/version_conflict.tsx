// What an agent is told when a change is refused because someone else changed the same resource
// first (412 stale-version), or because the change did not carry its version (428, a fault of the
// console, shown the same way rather than as a crash).
//
// Contract: conflictMessage() gives the French message for such an error (null for any other), so
// a screen shows it in its own AlertRegion (role="alert": announced as soon as it appears) with
// <ConflictActions> as its actions: a button to reload the resource and, when the agent typed a
// text the reload would replace, that text in a read-only field to copy. Nothing the agent typed
// is cleared by a conflict.
import { useId, useState } from 'preact/hooks';
import { isVersionConflict, ApiError } from './api';
import type { Message } from './alert';
import { Button } from './button';
import { strings } from './strings';

const t = strings.versionConflict;

// `what`: the resource as the message names it (strings.versionConflict.request…). `textKept`: the
// agent's text stays in its field through the reload (said in the message).
export function conflictMessage(error: unknown, what: string, textKept = false): Message | null {
  if (!isVersionConflict(error)) return null;
  const kept = textKept ? ` ${t.textKept}` : '';
  if (error instanceof ApiError && error.status === 428) return { title: t.uncheckedTitle, detail: t.uncheckedDetail(what) + kept };
  return { title: t.staleTitle(what), detail: t.staleDetail + kept };
}

interface ConflictActionsProps {
  onReload: () => void;
  busy?: boolean;
  // Text the agent typed that reloading will replace (a template's body…): shown to be copied.
  unsaved?: string | undefined;
}

export function ConflictActions({ onReload, busy = false, unsaved }: ConflictActionsProps) {
  const id = useId();
  return (
    <div class="conflict-actions">
      {unsaved !== undefined && unsaved.trim() !== '' && (
        <div class="field">
          <label class="field__label" for={`${id}-unsaved`}>
            {t.unsavedLabel}
          </label>
          <textarea id={`${id}-unsaved`} class="field__input" rows={4} readOnly value={unsaved} />
        </div>
      )}
      <Button variant="secondary" onClick={onReload} aria-disabled={busy ? 'true' : undefined}>
        {busy ? t.reloading : t.reload}
      </Button>
    </div>
  );
}

// A form's conflict: whether its last change was refused as stale, and the reload that ends it.
// check(error) gives the conflict's message (null for another failure) and remembers it;
// reload(load) runs `load` (which puts the current version in the form) and resolves with
// whether it worked.
export function useVersionConflict(what: string) {
  const [stale, setStale] = useState(false);
  const [reloading, setReloading] = useState(false);
  const check = (error: unknown, textKept = false): Message | null => {
    const message = conflictMessage(error, what, textKept);
    setStale(message !== null);
    return message;
  };
  const reload = async (load: () => Promise<void>): Promise<boolean> => {
    if (reloading) return false;
    setReloading(true);
    try {
      await load();
      setStale(false);
      return true;
    } catch {
      return false;
    } finally {
      setReloading(false);
    }
  };
  return { stale, reloading, check, clear: () => setStale(false), reload };
}
