import { useEffect, useId, useState } from 'preact/hooks';
import type { Session } from '../../ui/api';
import { AlertRegion, messageFromError, type Message } from '../../ui/alert';
import { Button } from '../../ui/button';
import { useFocusAfterRender } from '../../ui/focus';
import { addDays, todayIn } from '../../ui/french';
import { strings } from '../../ui/strings';
import { TextField } from '../../ui/text_field';
import { ArticleAnswered } from './article_answered';
import { knowledgeApi, type Answer, type PlaceHours } from './knowledge_api';
import { dayName, formatDateTime, wallClock, wallDate } from './knowledge_format';
import { articleHref, followLink, type Navigate } from '../shell/router';
import './knowledge.css';

const t = strings.console.answer;

type Phase = 'idle' | 'asking';

type Week = { kind: 'loading' } | { kind: 'failed' } | { kind: 'loaded'; hours: PlaceHours };

interface ChosenPlace {
  id: string;
  name: string;
  open: boolean | null;
}

// The search engine's snippet is escaped HTML with <mark> around matched words: it is turned into
// text and <mark> elements here rather than injected as HTML.
function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;|&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function Snippet({ html }: { html: string }) {
  const parts = html.split(/<mark>|<\/mark>/);
  return (
    <>
      {parts.map((part, index) => (index % 2 === 1 ? <mark key={index}>{decodeEntities(part)}</mark> : decodeEntities(part)))}
    </>
  );
}

function stateWord(open: boolean | null | undefined, hoursState?: string): string {
  if (open === true || hoursState === 'open') return t.open;
  if (open === false || hoursState === 'closed') return t.closed;
  return t.unknown;
}

function stateClass(word: string): string {
  return word === t.open ? 'open' : word === t.closed ? 'closed' : 'unknown';
}

// A state as a word with a shape beside it (never by colour alone).
function StateBadge({ word }: { word: string }) {
  return <span class={`answer-state answer-state--${stateClass(word)}`}>{word}</span>;
}

// The place's opening hours, day by day from today, as a compact table.
function PlaceWeekTable({ placeName, hours, timeZone }: { placeName: string; hours: PlaceHours; timeZone: string }) {
  if (hours.state === 'unknown' && hours.intervals.length === 0) return <p class="muted">{t.unknown}</p>;
  const today = todayIn(timeZone);
  const days = Array.from({ length: 7 }, (_, i) => addDays(today, i));
  return (
    <table class="answer-week">
      <caption>{t.weekCaption(placeName)}</caption>
      <thead>
        <tr>
          <th scope="col">{t.weekDay}</th>
          <th scope="col">{t.weekHours}</th>
        </tr>
      </thead>
      <tbody>
        {days.map((day) => {
          const slots = hours.intervals.filter((i) => wallDate(i.from) === day);
          return (
            <tr key={day}>
              <th scope="row">{dayName(day)}</th>
              <td>
                {slots.length === 0
                  ? t.weekClosed
                  : slots.map((s) => t.weekRange(wallClock(s.from), wallClock(s.to))).join(strings.common.listSeparator)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}

// The virtual receptionist for the agents at the desk: a question, the engine's answer in one
// sentence (announced), and what backs it up: the place's week, the service to contact, the best
// articles, events, and the places to choose from when the question named several.
export function AnswerPanel({ session, navigate }: { session: Session; navigate: Navigate }) {
  const id = useId();
  const questionId = `${id}-question`;
  const placeHeadingId = `${id}-place`;
  const focusAfterRender = useFocusAfterRender();
  const timeZone = session.tenant.timezone;
  const [question, setQuestion] = useState('');
  // The question the answer shown is for (the field may have changed since).
  const [asked, setAsked] = useState('');
  const [questionError, setQuestionError] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>('idle');
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [error, setError] = useState<Message | null>(null);
  const [chosen, setChosen] = useState<ChosenPlace | null>(null);
  const [week, setWeek] = useState<Week | null>(null);

  const place = chosen ?? (answer?.place ? { ...answer.place, open: answer.open } : null);

  useEffect(() => {
    if (place === null) {
      setWeek(null);
      return;
    }
    let current = true;
    setWeek({ kind: 'loading' });
    knowledgeApi
      .place(place.id)
      .then((p) => current && setWeek({ kind: 'loaded', hours: p.hours }))
      .catch(() => current && setWeek({ kind: 'failed' }));
    return () => {
      current = false;
    };
  }, [place?.id, answer]);

  const ask = async (text: string) => {
    if (phase !== 'idle') return;
    if (text.trim() === '') {
      setQuestionError(t.questionMissing);
      focusAfterRender(questionId);
      return;
    }
    setQuestionError(null);
    setError(null);
    setAnswer(null);
    setChosen(null);
    setPhase('asking');
    try {
      setAnswer(await knowledgeApi.answer(text.trim()));
      setAsked(text.trim());
    } catch (caught) {
      const message = messageFromError(caught);
      setError({ title: t.failedTitle, detail: message.detail ?? message.title });
    } finally {
      setPhase('idle');
    }
  };

  const choose = (candidate: ChosenPlace) => {
    setChosen(candidate);
    focusAfterRender(placeHeadingId);
  };

  let sentence: string | null = null;
  if (phase === 'asking') sentence = t.asking;
  else if (chosen !== null) {
    const hoursState = week?.kind === 'loaded' ? week.hours.state : undefined;
    sentence = t.placeChosen(chosen.name, stateWord(hoursState === undefined ? chosen.open : null, hoursState).toLowerCase());
  } else if (answer !== null) sentence = answer.text !== '' ? answer.text : t.noAnswer;

  return (
    <section class="answer-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t.heading}</h2>
      <p class="muted">{t.intro}</p>
      <form
        class="answer-panel__form"
        role="search"
        aria-labelledby={`${id}-heading`}
        onSubmit={(event) => {
          event.preventDefault();
          void ask(question);
        }}
      >
        <TextField
          id={questionId}
          label={t.questionLabel}
          hint={t.questionHint}
          type="search"
          name="q"
          value={question}
          onValue={setQuestion}
          error={questionError}
          autocomplete="off"
        />
        <div class="answer-panel__submit">
          <Button type="submit" aria-disabled={phase !== 'idle' ? 'true' : undefined}>
            {t.ask}
          </Button>
        </div>
      </form>
      <div role="status" class="answer-panel__live">
        {sentence !== null && <p class="answer-panel__sentence">{sentence}</p>}
      </div>
      <AlertRegion message={error} />
      {answer !== null && phase === 'idle' && (
        <div class="answer-card" aria-label={t.resultLabel} role="group">
          {answer.suggestion !== null && (
            <p>
              {t.suggestion}
              <button type="button" class="link-button" onClick={() => {
                setQuestion(answer.suggestion ?? '');
                void ask(answer.suggestion ?? '');
              }}>
                {answer.suggestion}
              </button>
            </p>
          )}
          {place !== null && (
            <div class="answer-card__block">
              <h3 id={placeHeadingId} tabIndex={-1}>
                {place.name}
              </h3>
              <p class="answer-card__state">
                {/* The answer's state is for the moment asked; a chosen place's is for now. */}
                <StateBadge
                  word={
                    chosen === null && answer.open !== null
                      ? stateWord(answer.open)
                      : stateWord(week?.kind === 'loaded' ? null : place.open, week?.kind === 'loaded' ? week.hours.state : undefined)
                  }
                />
                {chosen === null && answer.moment_label !== null && (
                  <span>
                    {t.momentPrefix}
                    {answer.moment_label}
                  </span>
                )}
                {week?.kind === 'loaded' && week.hours.next_change !== null && (
                  <span>{t.nextChange(formatDateTime(week.hours.next_change, timeZone))}</span>
                )}
              </p>
              {chosen === null && answer.notices.length > 0 && (
                <ul class="answer-card__notices" aria-label={t.noticesHeading}>
                  {answer.notices.map((notice, index) => (
                    <li key={index}>{String(notice)}</li>
                  ))}
                </ul>
              )}
              {week?.kind === 'loading' && <p class="muted">{t.weekLoading}</p>}
              {week?.kind === 'failed' && <p class="field__error">{t.weekFailed}</p>}
              {week?.kind === 'loaded' && <PlaceWeekTable placeName={place.name} hours={week.hours} timeZone={timeZone} />}
            </div>
          )}
          {answer.candidates.length > 1 && (
            <div class="answer-card__block">
              <h3>{t.candidatesHeading}</h3>
              <p>{t.candidatesIntro}</p>
              <ul class="answer-candidates">
                {answer.candidates.map((candidate) => (
                  <li key={candidate.id}>
                    <Button
                      variant="secondary"
                      aria-pressed={chosen?.id === candidate.id ? 'true' : 'false'}
                      onClick={() => choose(candidate)}
                    >
                      {t.candidateOpen(candidate.name, candidate.open)}
                    </Button>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {answer.service !== null && (
            <div class="answer-card__block">
              <h3>{t.serviceHeading}</h3>
              <p class="answer-card__service">{answer.service.name}</p>
              <ul class="answer-card__contact">
                {answer.service.phone !== null && (
                  <li>
                    {t.phonePrefix}
                    <a href={telHref(answer.service.phone)}>{answer.service.phone}</a>
                  </li>
                )}
                {answer.service.email !== null && (
                  <li>
                    {t.emailPrefix}
                    <a href={`mailto:${answer.service.email}`}>{answer.service.email}</a>
                  </li>
                )}
              </ul>
            </div>
          )}
          {answer.articles.length > 0 && (
            <div class="answer-card__block">
              <h3>{t.articlesHeading}</h3>
              <ul class="answer-card__articles">
                {answer.articles.map((article) => (
                  <li key={article.id}>
                    <a href={articleHref(article.id)} onClick={followLink(navigate, { route: 'article', articleId: article.id })}>
                      {article.title}
                    </a>
                    {article.snippet !== '' && (
                      <p class="answer-card__snippet">
                        <Snippet html={article.snippet} />
                      </p>
                    )}
                    <ArticleAnswered question={asked} articleId={article.id} title={article.title} />
                  </li>
                ))}
              </ul>
            </div>
          )}
          {answer.events.length > 0 && (
            <div class="answer-card__block">
              <h3>{t.eventsHeading}</h3>
              <ul class="answer-card__events">
                {answer.events.map((event) => (
                  <li key={`${event.id}-${event.start}`}>
                    <strong>{event.title}</strong>
                    {' — '}
                    {formatDateTime(event.start, timeZone)}
                    {event.place_name !== null && ` — ${event.place_name}`}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {answer.offer_request && <p class="muted">{t.offerRequest}</p>}
        </div>
      )}
    </section>
  );
}
