import { useEffect, useState } from 'preact/hooks';
import { apiRequest, withTenant } from '../ui/api';
import { reasonFromError } from '../ui/alert';
import { strings } from '../ui/strings';

const t = strings.answerFeedback;

// What the answer carries for the vote (see GET /api/v1/answer): its articles and the token.
interface AnswerForFeedback {
  articles: ReadonlyArray<{ id: string }>;
  feedback_token?: string | null;
}

type AnswerFeedbackProps =
  // Under an answer: the vote is about the answer's first article, the one it leads with.
  | { question: string; answer: AnswerForFeedback; articleId?: undefined }
  // On an article reached from a search (/fiche?id=…&q=…): the token is asked for when voting.
  | { question: string; articleId: string; answer?: undefined };

type State = { kind: 'idle' } | { kind: 'sending' } | { kind: 'thanks'; helpful: boolean } | { kind: 'failed'; reason: string };

// « Cette réponse vous a-t-elle aidé ? Oui / Non »: a citizen's vote that helps the commune's
// search put the right article first for this question (POST /api/v1/kb/feedback). One vote per
// question and article in this browser (sessionStorage); the server also counts a client once.
// Nothing is shown without a question or an article. The thanks are said politely in a live
// region; both buttons are native, so the vote works by keyboard.
export function AnswerFeedback(props: AnswerFeedbackProps) {
  const question = props.question.trim();
  const articleId = props.answer !== undefined ? props.answer.articles[0]?.id : props.articleId;
  const memory = `guichet-feedback:${question.toLowerCase()}:${articleId ?? ''}`;
  const [state, setState] = useState<State>({ kind: 'idle' });

  useEffect(() => {
    const remembered = readMemory(memory);
    setState(remembered === null ? { kind: 'idle' } : { kind: 'thanks', helpful: remembered });
  }, [memory]);

  if (question === '' || articleId === undefined || articleId === '') return null;

  const send = async (helpful: boolean) => {
    setState({ kind: 'sending' });
    try {
      const token = props.answer?.feedback_token ?? (await tokenFor(articleId, question));
      await apiRequest<void>('POST', '/kb/feedback', { question, article_id: articleId, helpful, token });
      writeMemory(memory, helpful);
      setState({ kind: 'thanks', helpful });
    } catch (error) {
      setState({ kind: 'failed', reason: reasonFromError(error) });
    }
  };

  const headingId = `feedback-${articleId.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  return (
    <section class="answer-feedback" aria-labelledby={headingId}>
      <h4 id={headingId} class="answer-feedback__question">
        {t.question}
      </h4>
      {state.kind !== 'thanks' && (
        <div class="answer-feedback__choices" role="group" aria-labelledby={headingId}>
          <button type="button" class="button button--secondary" disabled={state.kind === 'sending'} onClick={() => void send(true)}>
            {t.yes}
          </button>
          <button type="button" class="button button--secondary" disabled={state.kind === 'sending'} onClick={() => void send(false)}>
            {t.no}
          </button>
        </div>
      )}
      <p class="answer-feedback__status" role="status">
        {state.kind === 'thanks' ? (state.helpful ? t.thanksYes : t.thanksNo) : state.kind === 'failed' ? t.failed(state.reason) : ''}
      </p>
    </section>
  );
}

// The token of votes about `question`, from the article read with that question.
async function tokenFor(articleId: string, question: string): Promise<string> {
  const response = await fetch(withTenant(`/api/v1/kb/articles/${encodeURIComponent(articleId)}?q=${encodeURIComponent(question)}`), {
    headers: { Accept: 'application/json' },
    credentials: 'same-origin',
  });
  const body = (await response.json().catch(() => null)) as { feedback_token?: string } | null;
  return body?.feedback_token ?? '';
}

function readMemory(key: string): boolean | null {
  try {
    const value = window.sessionStorage.getItem(key);
    return value === null ? null : value === 'oui';
  } catch {
    return null;
  }
}

function writeMemory(key: string, helpful: boolean): void {
  try {
    window.sessionStorage.setItem(key, helpful ? 'oui' : 'non');
  } catch {
    // Private browsing may refuse storage: the server still counts the vote once.
  }
}
