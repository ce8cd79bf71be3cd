// Formats an ISO-8601 instant as a wall-clock time (e.g. "14:05") in the tenant's time zone.
// Returns null for a value that is not a date, so that callers can leave the time out.
export function formatTime(iso: string, timeZone: string | undefined): string | null {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  try {
    return new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', timeZone }).format(date);
  } catch {
    // Unknown time zone name: fall back to the browser's zone rather than showing nothing.
    return new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit' }).format(date);
  }
}

// Formats an ISO-8601 calendar date ("2027-05-07") in full, e.g. "vendredi 7 mai 2027". The date
// is a day, not an instant: it is read and written in UTC so that no time zone shifts it.
export function formatDate(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  return new Intl.DateTimeFormat('fr-FR', { dateStyle: 'full', timeZone: 'UTC' }).format(date);
}
