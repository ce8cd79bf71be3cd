import { HOLIDAY_ZONES, SCHOOL_ZONES } from '../../ui/api';
import { SelectField, type SelectOption } from '../../ui/select_field';
import { holidayZoneLabel, schoolZoneLabel, strings } from '../../ui/strings';
import { TextField } from '../../ui/text_field';
import type { CalendarDraft } from './calendar_draft';

const t = strings.console.calendar;

// The known choices, plus the current value when the server has one this page does not know (so
// that saving does not change it behind the person's back).
function optionsWith(known: readonly string[], current: string, label: (id: string) => string): SelectOption[] {
  const ids = current === '' || known.includes(current) ? known : [...known, current];
  return ids.map((id) => ({ value: id, label: label(id) }));
}

interface ZonesFieldsProps {
  draft: CalendarDraft;
  onChange: (draft: CalendarDraft) => void;
}

// The zones the calendar is computed in: public holidays, département, school holidays.
export function ZonesFields({ draft, onChange }: ZonesFieldsProps) {
  return (
    <>
      <SelectField
        label={t.holidayZoneLabel}
        hint={t.holidayZoneHint}
        name="holiday_zone"
        value={draft.holidayZone}
        options={optionsWith(HOLIDAY_ZONES, draft.holidayZone, holidayZoneLabel)}
        onValue={(holidayZone) => onChange({ ...draft, holidayZone })}
      />
      <TextField
        label={t.departmentLabel}
        hint={t.departmentHint}
        type="text"
        name="department"
        autocomplete="off"
        spellcheck={false}
        value={draft.department}
        onValue={(department) => onChange({ ...draft, department })}
      />
      <SelectField
        label={t.schoolZoneLabel}
        name="school_zone"
        value={draft.schoolZone}
        options={[{ value: '', label: t.schoolZoneNone }, ...optionsWith(SCHOOL_ZONES, draft.schoolZone, schoolZoneLabel)]}
        onValue={(schoolZone) => onChange({ ...draft, schoolZone })}
      />
    </>
  );
}
