import { useEffect, useState } from 'preact/hooks';
import { apiRequest } from '../../ui/api';
import { reasonFromError } from '../../ui/alert';
import { strings } from '../../ui/strings';

const t = strings.console.articleAnswered;

type State = { kind: 'idle' } | { kind: 'sending' } | { kind: 'done'; already: boolean } | { kind: 'failed'; reason: string };

// « Cet article a répondu »: an agent tells the search that this article answered the question
// just asked (POST /api/v1/kb/articles/{id}/feedback, with the session's CSRF token). The vote
// weighs three citizens' and counts once per agent; the result is said in a live region.
export function ArticleAnswered({ question, articleId, title }: { question: string; articleId: string; title: string }) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  useEffect(() => setState({ kind: 'idle' }), [question, articleId]);
  if (question.trim() === '') return null;

  const send = async () => {
    setState({ kind: 'sending' });
    try {
      const r = await apiRequest<{ outcome: 'recorded' | 'duplicate' }>('POST', `/kb/articles/${encodeURIComponent(articleId)}/feedback`, {
        question: question.trim(),
      });
      setState({ kind: 'done', already: r.outcome === 'duplicate' });
    } catch (error) {
      setState({ kind: 'failed', reason: reasonFromError(error) });
    }
  };

  return (
    <div class="article-answered">
      {state.kind !== 'done' && (
        <button
          type="button"
          class="button button--quiet"
          aria-label={t.buttonLabel(title)}
          aria-disabled={state.kind === 'sending' ? 'true' : undefined}
          onClick={() => state.kind !== 'sending' && void send()}
        >
          {t.button}
        </button>
      )}
      <span role="status" class="article-answered__status">
        {state.kind === 'done' ? (state.already ? t.already : t.done) : state.kind === 'failed' ? t.failed(state.reason) : ''}
      </span>
    </div>
  );
}
