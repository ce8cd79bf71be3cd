// The arrow keys of the ARIA combobox pattern, shared by the comboboxes (questions, addresses):
// Down opens the list on its first option (Alt+Down opens it without choosing one), Up opens it
// on its last; in an open list they move the active option, wrapping around.
// Returns the new active index, or null when the key moves nothing (another key, empty list).
export function nextActive(key: string, count: number, expanded: boolean, active: number, altKey = false): number | null {
  if (count === 0) return null;
  if (key === 'ArrowDown') {
    if (!expanded) return altKey ? -1 : 0;
    return (active + 1) % count;
  }
  if (key === 'ArrowUp') {
    if (!expanded) return count - 1;
    return active <= 0 ? count - 1 : active - 1;
  }
  return null;
}
