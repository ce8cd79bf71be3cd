import { useRef, useState } from 'preact/hooks';
import { VisuallyHidden } from '../../ui/alert';
import { Button } from '../../ui/button';
import { useFocusAfterRender } from '../../ui/focus';
import { formatDate } from '../../ui/format';
import { strings } from '../../ui/strings';
import { TextField } from '../../ui/text_field';
import { newKey, withClosure, type ClosureDraft } from './calendar_draft';

const t = strings.console.calendar;

interface FieldError {
  field: 'date' | 'name';
  text: string;
}

interface ClosuresEditorProps {
  idPrefix: string;
  closures: ClosureDraft[];
  onChange: (closures: ClosureDraft[]) => void;
}

// The exceptional closures, in date order, each with its remove button, and a small form to add
// one. Adding keeps focus in the (emptied) date field for the next one; removing moves it to the
// next closure's button, or the previous one's, or the date field when the list is empty.
// A polite live region confirms both, as the list itself is out of the person's way.
export function ClosuresEditor({ idPrefix, closures, onChange }: ClosuresEditorProps) {
  const focusAfterRender = useFocusAfterRender();
  const [date, setDate] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<FieldError | null>(null);
  const [announcement, setAnnouncement] = useState<{ sequence: number; text: string } | null>(null);
  const sequence = useRef(0);
  const dateId = `${idPrefix}-closure-date`;
  const nameId = `${idPrefix}-closure-name`;
  const removeId = (key: number) => `${idPrefix}-closure-${key}-remove`;

  const announce = (text: string) => setAnnouncement({ sequence: ++sequence.current, text });

  const fail = (field: FieldError['field'], text: string) => {
    setError({ field, text });
    focusAfterRender(field === 'date' ? dateId : nameId);
  };

  const add = () => {
    const trimmed = name.trim();
    if (date === '') return fail('date', t.closureDateMissing);
    if (trimmed === '') return fail('name', t.closureNameMissing);
    if (closures.some((closure) => closure.date === date)) return fail('date', t.closureDuplicate(formatDate(date)));
    onChange(withClosure(closures, { key: newKey(), date, name: trimmed }));
    setDate('');
    setName('');
    setError(null);
    announce(t.closureAdded(formatDate(date), trimmed));
    focusAfterRender(dateId);
  };

  const remove = (closure: ClosureDraft) => {
    const index = closures.indexOf(closure);
    const neighbour = closures[index + 1] ?? closures[index - 1];
    focusAfterRender(neighbour !== undefined ? removeId(neighbour.key) : dateId);
    onChange(closures.filter((c) => c !== closure));
    announce(t.closureRemoved(formatDate(closure.date), closure.name));
  };

  return (
    <>
      {closures.length === 0 ? (
        <p>{t.closuresEmpty}</p>
      ) : (
        <ul class="closure-list">
          {closures.map((closure) => {
            const when = formatDate(closure.date);
            return (
              <li key={closure.key} class="closure-list__item">
                <p class="closure-list__text">
                  <time dateTime={closure.date}>{when}</time>
                  {t.closureNameSeparator}
                  {closure.name}
                </p>
                <Button variant="secondary" id={removeId(closure.key)} onClick={() => remove(closure)}>
                  {t.removeClosure}
                  <VisuallyHidden>{t.removeClosureOf(when, closure.name)}</VisuallyHidden>
                </Button>
              </li>
            );
          })}
        </ul>
      )}
      <fieldset
        class="closure-form"
        onKeyDown={(event) => {
          // Enter in one of these fields adds the closure; it must not submit the whole calendar.
          if (event.key === 'Enter' && event.target instanceof HTMLInputElement) {
            event.preventDefault();
            add();
          }
        }}
      >
        <legend class="closure-form__legend">{t.addClosureLegend}</legend>
        <div class="closure-form__fields">
          <TextField
            id={dateId}
            label={t.closureDateLabel}
            type="date"
            name="closure_date"
            value={date}
            error={error?.field === 'date' ? error.text : null}
            onValue={setDate}
          />
          <TextField
            id={nameId}
            label={t.closureNameLabel}
            hint={t.closureNameHint}
            type="text"
            name="closure_name"
            autocomplete="off"
            value={name}
            error={error?.field === 'name' ? error.text : null}
            onValue={setName}
          />
        </div>
        <Button variant="secondary" onClick={add}>
          {t.addClosure}
        </Button>
      </fieldset>
      <div class="visually-hidden" aria-live="polite">
        {announcement !== null && <p key={announcement.sequence}>{announcement.text}</p>}
      </div>
    </>
  );
}
