import { VisuallyHidden } from '../../ui/alert';
import { WEEKDAYS, type Weekday } from '../../ui/api';
import { Button } from '../../ui/button';
import { useFocusAfterRender } from '../../ui/focus';
import { strings } from '../../ui/strings';
import { newKey, type SlotDraft } from './calendar_draft';

const t = strings.console.calendar;

export function slotInputId(idPrefix: string, day: Weekday, key: number, field: 'from' | 'to'): string {
  return `${idPrefix}-slot-${day}-${key}-${field}`;
}

function addSlotButtonId(idPrefix: string, day: Weekday): string {
  return `${idPrefix}-add-${day}`;
}

interface TimeInputProps {
  id: string;
  label: string;
  // The rest of the label, for assistive technologies: which slot of which day.
  context: string;
  value: string;
  invalid: boolean;
  onValue: (value: string) => void;
}

function TimeInput({ id, label, context, value, invalid, onValue }: TimeInputProps) {
  return (
    <div class="slot__field">
      <label class="field__label" for={id}>
        {label}
        <VisuallyHidden>{context}</VisuallyHidden>
      </label>
      <input
        id={id}
        class="field__input slot__input"
        type="time"
        value={value}
        onInput={(event) => onValue(event.currentTarget.value)}
        aria-invalid={invalid ? 'true' : undefined}
      />
    </div>
  );
}

interface DayEditorProps {
  idPrefix: string;
  day: Weekday;
  slots: SlotDraft[];
  invalidInputId: string | null;
  onSlots: (slots: SlotDraft[]) => void;
}

// One day's opening slots. A new slot's first input takes focus; after a removal, focus goes to
// the day's "add" button, which stays in place whatever is removed.
function DayEditor({ idPrefix, day, slots, invalidInputId, onSlots }: DayEditorProps) {
  const focusAfterRender = useFocusAfterRender();
  const dayName = strings.weekdays[day];
  const update = (key: number, change: Partial<SlotDraft>) =>
    onSlots(slots.map((slot) => (slot.key === key ? { ...slot, ...change } : slot)));
  const add = () => {
    const slot = { key: newKey(), from: '', to: '' };
    focusAfterRender(slotInputId(idPrefix, day, slot.key, 'from'));
    onSlots([...slots, slot]);
  };
  const remove = (key: number) => {
    focusAfterRender(addSlotButtonId(idPrefix, day));
    onSlots(slots.filter((slot) => slot.key !== key));
  };
  return (
    <fieldset class="day">
      <legend class="day__name">{dayName.title}</legend>
      {slots.length === 0 ? (
        <p class="day__closed">{t.closed}</p>
      ) : (
        <ol class="slots">
          {slots.map((slot, index) => {
            const context = t.slotOf(index + 1, dayName.inSentence);
            const fromId = slotInputId(idPrefix, day, slot.key, 'from');
            const toId = slotInputId(idPrefix, day, slot.key, 'to');
            return (
              <li key={slot.key} class="slot">
                <TimeInput
                  id={fromId}
                  label={t.slotStart}
                  context={context}
                  value={slot.from}
                  invalid={invalidInputId === fromId}
                  onValue={(from) => update(slot.key, { from })}
                />
                <TimeInput
                  id={toId}
                  label={t.slotEnd}
                  context={context}
                  value={slot.to}
                  invalid={invalidInputId === toId}
                  onValue={(to) => update(slot.key, { to })}
                />
                <Button variant="secondary" onClick={() => remove(slot.key)}>
                  {t.removeSlot}
                  <VisuallyHidden>{t.removeSlotOf(index + 1, dayName.inSentence)}</VisuallyHidden>
                </Button>
              </li>
            );
          })}
        </ol>
      )}
      <Button variant="secondary" id={addSlotButtonId(idPrefix, day)} onClick={add}>
        {t.addSlot}
        <VisuallyHidden>{t.addSlotDay(dayName.inSentence)}</VisuallyHidden>
      </Button>
    </fieldset>
  );
}

interface BusinessHoursEditorProps {
  idPrefix: string;
  hours: Record<Weekday, SlotDraft[]>;
  // The input last found incomplete, marked invalid.
  invalidInputId: string | null;
  onChange: (hours: Record<Weekday, SlotDraft[]>) => void;
}

// The opening slots of each day of the week, Monday first; a day without slot is closed.
export function BusinessHoursEditor({ idPrefix, hours, invalidInputId, onChange }: BusinessHoursEditorProps) {
  return (
    <div class="week">
      {WEEKDAYS.map((day) => (
        <DayEditor
          key={day}
          idPrefix={idPrefix}
          day={day}
          slots={hours[day]}
          invalidInputId={invalidInputId}
          onSlots={(slots) => onChange({ ...hours, [day]: slots })}
        />
      ))}
    </div>
  );
}
