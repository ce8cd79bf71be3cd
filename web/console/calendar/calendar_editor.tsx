import { useId, useState } from 'preact/hooks';
import { api, ApiError, isVersionConflict, type TenantCalendar, type Versioned } from '../../ui/api';
import { AlertRegion, messageFromError, StatusRegion, type Message } from '../../ui/alert';
import { Button } from '../../ui/button';
import { useFocusAfterRender } from '../../ui/focus';
import { strings } from '../../ui/strings';
import { BusinessHoursEditor, slotInputId } from './business_hours_editor';
import { CalendarFeedLink } from './calendar_feed_link';
import {
  calendarFromDraft,
  draftFromCalendar,
  firstIncompleteSlot,
  sameCalendar,
  type CalendarDraft,
} from './calendar_draft';
import { ClosuresEditor } from './closures_editor';
import { ZonesFields } from './zones_fields';

const t = strings.console.calendar;

interface CalendarEditorProps {
  initial: Versioned<TenantCalendar>;
  tenantSlug: string;
  // Called once the calendar has been reloaded after a conflict (the whole form changed).
  onReloaded: () => void;
}

type Phase = 'idle' | 'saving' | 'reloading';

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
  return { message: messageFromError(error), stale: false };
}

// The administrators' form: zones, business hours and closures, saved together with "Enregistrer".
// Saving sends the version read (If-Match); when the server refuses, the edits stay as they are.
export function CalendarEditor({ initial, tenantSlug, onReloaded }: CalendarEditorProps) {
  const idPrefix = useId();
  const focusAfterRender = useFocusAfterRender();
  const [draft, setDraft] = useState<CalendarDraft>(() => draftFromCalendar(initial.value));
  // The version shown (If-Match of the next save), replaced by the one each save answers.
  const [version, setVersion] = useState(initial.version);
  const [phase, setPhase] = useState<Phase>('idle');
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<SaveError | null>(null);
  const [invalidInputId, setInvalidInputId] = useState<string | null>(null);

  const change = (next: CalendarDraft) => {
    setDraft(next);
    setStatus(null);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (phase !== 'idle') return;
    setError(null);
    const incomplete = firstIncompleteSlot(draft);
    if (incomplete !== null) {
      const id = slotInputId(idPrefix, incomplete.day, incomplete.key, incomplete.field);
      setStatus(null);
      setInvalidInputId(id);
      setError({
        message: {
          title: t.notSavedTitle,
          detail: t.incompleteSlot(incomplete.position, strings.weekdays[incomplete.day].inSentence),
        },
        stale: false,
      });
      focusAfterRender(id);
      return;
    }
    setInvalidInputId(null);
    setPhase('saving');
    setStatus(t.saving);
    const submitted = calendarFromDraft(draft);
    try {
      const saved = await api.saveCalendar(submitted, version);
      setVersion(saved.version);
      // Show the calendar as the server keeps it (sorted), unless that changes nothing: new rows
      // would take the focus away from where the person is.
      if (!sameCalendar(submitted, saved.value)) setDraft(draftFromCalendar(saved.value));
      setStatus(t.saved);
    } catch (caught) {
      setStatus(null);
      setError(saveError(caught));
    } finally {
      setPhase('idle');
    }
  };

  const reload = async () => {
    if (phase !== 'idle') return;
    setPhase('reloading');
    setStatus(t.reloading);
    try {
      const current = await api.calendar();
      setDraft(draftFromCalendar(current.value));
      setVersion(current.version);
      setError(null);
      setInvalidInputId(null);
      setStatus(t.reloaded);
      onReloaded();
    } catch (caught) {
      setStatus(null);
      setError({ message: { ...messageFromError(caught), title: t.loadFailedTitle }, stale: true });
    } finally {
      setPhase('idle');
    }
  };

  return (
    <form class="calendar-form" method="post" onSubmit={submit}>
      <section class="calendar-section">
        <h2>{t.zonesHeading}</h2>
        <ZonesFields draft={draft} onChange={change} />
      </section>
      <section class="calendar-section">
        <h2>{t.hoursHeading}</h2>
        <BusinessHoursEditor
          idPrefix={idPrefix}
          hours={draft.hours}
          invalidInputId={invalidInputId}
          onChange={(hours) => change({ ...draft, hours })}
        />
      </section>
      <section class="calendar-section">
        <h2>{t.closuresHeading}</h2>
        <ClosuresEditor idPrefix={idPrefix} closures={draft.closures} onChange={(closures) => change({ ...draft, closures })} />
        <CalendarFeedLink tenantSlug={tenantSlug} />
      </section>
      <div class="calendar-form__save">
        <AlertRegion
          message={error?.message ?? null}
          actions={
            error?.stale === true ? (
              <Button variant="secondary" onClick={() => void reload()} aria-disabled={phase !== 'idle' ? 'true' : undefined}>
                {t.reload}
              </Button>
            ) : undefined
          }
        />
        <StatusRegion message={status === null ? null : { title: status }} />
        <div class="form__actions">
          <Button type="submit" aria-disabled={phase !== 'idle' ? 'true' : undefined}>
            {t.save}
          </Button>
        </div>
      </div>
    </form>
  );
}
