// A search snippet from the server: HTML-escaped text in which matched words are wrapped in
// <mark>…</mark>. It is rendered as text and <mark> elements, never as HTML, so that nothing else
// in it can become markup.
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", '#x27': "'" };

function unescape(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#39|#x27);/g, (_, name: string) => ENTITIES[name] ?? '');
}

export function Snippet({ html, class: extra }: { html: string; class?: string }) {
  const parts = html.split(/(<mark>|<\/mark>)/);
  const nodes = [];
  let marked = false;
  for (const [index, part] of parts.entries()) {
    if (part === '<mark>') marked = true;
    else if (part === '</mark>') marked = false;
    else if (part !== '') nodes.push(marked ? <mark key={index}>{unescape(part)}</mark> : unescape(part));
  }
  return <p class={extra}>{nodes}</p>;
}
