import { useEffect, useRef, useState } from 'preact/hooks';
import { AlertRegion, messageFromError, type Message } from '../ui/alert';
import { Button } from '../ui/button';
import { todayIn } from '../ui/french';
import { strings } from '../ui/strings';
import { AnswerCard } from './answer_card';
import { isAbort, knowledgeApi, portalLinks, type Answer } from './knowledge_api';
import { QuestionCombobox } from './question_combobox';

const t = strings.receptionist;

const INPUT_ID = 'question';
// The loading message appears only when an answer is slow, so that quick answers do not flash it.
const SLOW_MS = 400;

type AnswerState =
  | { kind: 'idle' }
  | { kind: 'loading'; question: string; slow: boolean }
  | { kind: 'answered'; question: string; answer: Answer }
  | { kind: 'empty' };

// The virtual receptionist of the portal home: a question box with live suggestions of articles,
// and the answer of /api/v1/answer below it. The answer's sentence is in a polite live region, so
// that screen readers read it once it arrives without moving focus away from the box.
export function Receptionist({ timeZone }: { timeZone: string | undefined }) {
  const [question, setQuestion] = useState('');
  const [state, setState] = useState<AnswerState>({ kind: 'idle' });
  const [error, setError] = useState<Message | null>(null);
  const [submitCount, setSubmitCount] = useState(0);
  const request = useRef<AbortController | null>(null);
  const slowTimer = useRef<number | null>(null);

  const stop = () => {
    request.current?.abort();
    request.current = null;
    if (slowTimer.current !== null) window.clearTimeout(slowTimer.current);
    slowTimer.current = null;
  };
  useEffect(() => stop, []);

  const ask = (text: string) => {
    stop();
    setSubmitCount((n) => n + 1);
    setError(null);
    const asked = text.trim();
    if (asked === '') {
      setState({ kind: 'empty' });
      return;
    }
    const controller = new AbortController();
    request.current = controller;
    setState({ kind: 'loading', question: asked, slow: false });
    slowTimer.current = window.setTimeout(() => {
      setState((current) => (current.kind === 'loading' ? { ...current, slow: true } : current));
    }, SLOW_MS);
    knowledgeApi
      .answer(asked, controller.signal)
      .then((answer) => {
        if (request.current !== controller) return;
        stop();
        setState({ kind: 'answered', question: asked, answer });
      })
      .catch((caught: unknown) => {
        if (isAbort(caught) || request.current !== controller) return;
        stop();
        setState({ kind: 'idle' });
        setError(messageFromError(caught));
      });
  };

  // A follow-up question (a candidate place, a spelling suggestion) is shown in the box and asked;
  // focus goes back to the box, since the button pressed is replaced by the new answer.
  const askAgain = (text: string) => {
    setQuestion(text);
    ask(text);
    document.getElementById(INPUT_ID)?.focus();
  };

  // On a phone the answer arrives below the fold: bring it into view (focus stays in the box, the
  // live region reads it), unless its start is already on the screen.
  const answerBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const box = answerBox.current?.getBoundingClientRect();
    if (state.kind === 'answered' && box !== undefined && (box.top < 0 || box.top + 80 > window.innerHeight)) {
      answerBox.current?.scrollIntoView({ block: 'start' });
    }
  }, [state]);

  const loading = state.kind === 'loading';
  return (
    <section class="search receptionist" aria-labelledby="search-heading">
      <h2 id="search-heading">{t.heading}</h2>
      <form
        role="search"
        aria-labelledby="search-heading"
        onSubmit={(event) => {
          event.preventDefault();
          ask(question);
        }}
      >
        <div class="search__row">
          <QuestionCombobox
            id={INPUT_ID}
            value={question}
            onValue={setQuestion}
            submitCount={submitCount}
            onChoose={(result) => window.location.assign(portalLinks.article(result.external_id ?? result.id, question))}
          />
          <Button type="submit">{t.submit}</Button>
        </div>
      </form>
      <AlertRegion message={error} />
      <div ref={answerBox} class={state.kind === 'answered' ? 'answer answer--filled' : 'answer'} aria-busy={loading ? 'true' : 'false'}>
        {state.kind === 'answered' && (
          <h3 class="answer__heading" id="answer-heading">
            {t.answerHeading}
          </h3>
        )}
        <div class="answer__live" aria-live="polite">
          {state.kind === 'loading' && state.slow && <p class="answer__loading">{t.loading}</p>}
          {state.kind === 'empty' && <p>{t.emptyQuestion}</p>}
          {state.kind === 'answered' && <p class="answer__text">{state.answer.text}</p>}
        </div>
        {state.kind === 'answered' && (
          <AnswerCard answer={state.answer} question={state.question} today={todayIn(timeZone)} onAsk={askAgain} />
        )}
      </div>
    </section>
  );
}
