import { WEEKDAYS, type Closure, type TenantCalendar, type Weekday } from '../../ui/api';

// The calendar as the editor holds it while an administrator changes it. Rows carry a key that
// stays the same while they live, so that adding or removing one leaves the others' inputs (and
// the focus in them) in place.
export interface SlotDraft {
  key: number;
  from: string;
  to: string;
}

export interface ClosureDraft extends Closure {
  key: number;
}

export interface CalendarDraft {
  holidayZone: string;
  // Free text as typed; '' for none.
  department: string;
  // '' for none.
  schoolZone: string;
  hours: Record<Weekday, SlotDraft[]>;
  closures: ClosureDraft[];
}

let lastKey = 0;

export function newKey(): number {
  lastKey += 1;
  return lastKey;
}

function byDate(a: Closure, b: Closure): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
}

export function draftFromCalendar(calendar: TenantCalendar): CalendarDraft {
  const hours = {} as Record<Weekday, SlotDraft[]>;
  for (const day of WEEKDAYS) {
    hours[day] = (calendar.business_hours[day] ?? []).map((slot) => ({ key: newKey(), from: slot.from, to: slot.to }));
  }
  return {
    holidayZone: calendar.holiday_zone,
    department: calendar.department ?? '',
    schoolZone: calendar.school_zone ?? '',
    hours,
    closures: [...calendar.closures].sort(byDate).map((closure) => ({ key: newKey(), date: closure.date, name: closure.name })),
  };
}

export function calendarFromDraft(draft: CalendarDraft): TenantCalendar {
  const department = draft.department.trim().toUpperCase();
  const business_hours: TenantCalendar['business_hours'] = {};
  for (const day of WEEKDAYS) business_hours[day] = draft.hours[day].map(({ from, to }) => ({ from, to }));
  return {
    holiday_zone: draft.holidayZone,
    department: department === '' ? null : department,
    school_zone: draft.schoolZone === '' ? null : draft.schoolZone,
    business_hours,
    closures: draft.closures.map(({ date, name }) => ({ date, name: name.trim() })),
  };
}

// True when two calendars say the same thing (the server sorts slots and closures).
export function sameCalendar(a: TenantCalendar, b: TenantCalendar): boolean {
  const canonical = (c: TenantCalendar) =>
    JSON.stringify([
      c.holiday_zone,
      c.department,
      c.school_zone,
      WEEKDAYS.map((day) => [...(c.business_hours[day] ?? [])].sort((x, y) => x.from.localeCompare(y.from))),
      [...c.closures].sort(byDate),
    ]);
  return canonical(a) === canonical(b);
}

export interface IncompleteSlot {
  day: Weekday;
  // 1-based position of the slot in its day.
  position: number;
  key: number;
  field: 'from' | 'to';
}

// The first slot with a start or an end left empty (the browser gives '' for a partly typed time):
// the server would only reject it in technical terms.
export function firstIncompleteSlot(draft: CalendarDraft): IncompleteSlot | null {
  for (const day of WEEKDAYS) {
    const slots = draft.hours[day];
    for (const [index, slot] of slots.entries()) {
      if (slot.from === '') return { day, position: index + 1, key: slot.key, field: 'from' };
      if (slot.to === '') return { day, position: index + 1, key: slot.key, field: 'to' };
    }
  }
  return null;
}

// Adds a closure at its place in date order.
export function withClosure(closures: ClosureDraft[], closure: ClosureDraft): ClosureDraft[] {
  return [...closures, closure].sort(byDate);
}
