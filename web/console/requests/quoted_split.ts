// Splits a citizen's e-mail into what they wrote and the earlier messages they quote, so that the
// agent's view folds the quotation. Pure, tested with the mail tests.

// Lines that introduce a quotation: « Le 3 déc. 2026 à 10:12, Mairie <…> a écrit : », "On … wrote:",
// and the separators of Outlook and webmails that put the previous message below.
const ATTRIBUTION = /^\s*(le|on)\b.{0,300}\b(a écrit|wrote)\s*:\s*$/i;
const SEPARATOR = /^\s*(-{2,}\s*(original message|message d['’]origine|message transféré|forwarded message)\s*-{2,}|_{10,})\s*$/i;

export interface QuotedSplit {
  own: string; // What the sender wrote.
  quoted: string; // The quoted messages, '' when there are none (or when they are interleaved).
}

// The quotation starts at an attribution line, a separator, or a line beginning with ">"; it is
// folded only when nothing the sender wrote comes after it (a separator takes everything below;
// otherwise every later non-blank line must be quoted with ">"), so that an answer written between
// quoted lines is never hidden.
export function splitQuoted(text: string): QuotedSplit {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const separator = SEPARATOR.test(line);
    const attribution = ATTRIBUTION.test(line);
    if (!separator && !attribution && !line.startsWith('>')) continue;
    const rest = lines.slice(i + (attribution ? 1 : 0));
    const allQuoted = rest.every((l) => l.trim() === '' || l.startsWith('>'));
    if (!separator && !allQuoted) return { own: text, quoted: '' };
    if (!separator && !rest.some((l) => l.startsWith('>'))) return { own: text, quoted: '' };
    const own = lines.slice(0, i).join('\n').trimEnd();
    if (own === '') return { own: text, quoted: '' };
    return { own, quoted: lines.slice(i).join('\n').trim() };
  }
  return { own: text, quoted: '' };
}
