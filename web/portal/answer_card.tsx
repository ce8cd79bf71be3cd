import { withTenant } from '../ui/api';
import { strings } from '../ui/strings';
import { AnswerFeedback } from './answer_feedback';
import type { Answer, AnswerEvent, Candidate, ServiceContact } from './knowledge_api';
import { portalLinks } from './knowledge_api';
import { datePart, formatClock, formatDay, formatMoment, formatSpans, minutesOf } from './knowledge_format';
import { OpenBadge } from './open_badge';
import { Snippet } from './snippet';

const t = strings.receptionist;
const state = strings.portalState;

interface AnswerCardProps {
  answer: Answer;
  // Today in the commune, to say "aujourd'hui" and "demain".
  today: string;
  // Asks again, with a question built from the answer (a candidate place, a spelling suggestion).
  onAsk: (question: string) => void;
  // The question the answer is for.
  question: string;
}

// The details that follow the receptionist's sentence (the sentence itself is read out by the
// live region of the page, see receptionist.tsx): the place's state and hours, the events, the
// articles, the service to contact, and the ways to go on.
export function AnswerCard({ answer, today, onAsk, question }: AnswerCardProps) {
  return (
    <div class="answer__details">
      {answer.suggestion !== null && answer.suggestion !== '' && (
        <p class="answer__suggestion">
          {t.didYouMean}{' '}
          <button type="button" class="link-button" onClick={() => onAsk(answer.suggestion ?? '')}>
            {t.didYouMeanQuestion(answer.suggestion)}
          </button>
        </p>
      )}
      {answer.candidates.length > 1 && <Candidates candidates={answer.candidates} question={question} onAsk={onAsk} />}
      {/* An hours answer, or the place an agenda or a need answer names, as a complement. */}
      {answer.place !== null && (answer.intent === 'place_hours' || answer.day_intervals.length > 0) && <PlaceHours answer={answer} today={today} />}
      {answer.notices.length > 0 && (
        <div class="message message--warning">
          <p class="message__title">{t.noticesHeading}</p>
          <ul class="answer__notices">
            {answer.notices.map((notice) => (
              <li key={notice}>{notice}</li>
            ))}
          </ul>
        </div>
      )}
      {answer.events.length > 0 && <Events events={answer.events} />}
      {answer.articles.length > 0 && (
        <section class="answer__section" aria-labelledby="answer-articles">
          {/* Beside the hours or the agenda, the article is a second part of the answer. */}
          <h4 id="answer-articles">{answer.intent === 'place_hours' || answer.intent === 'events' ? t.besideHeading : t.articlesHeading}</h4>
          <ul class="result-list">
            {answer.articles.map((article) => (
              <li key={article.id} class="result-list__item">
                <a class="result-list__title" href={portalLinks.article(article.id)}>
                  {article.title}
                </a>
                <Snippet class="result-list__snippet" html={article.snippet} />
              </li>
            ))}
          </ul>
        </section>
      )}
      <AnswerFeedback question={question} answer={answer} />
      {answer.service !== null && <Service service={answer.service} />}
      {answer.request_type !== null && answer.request_type !== undefined && (
        <div class="answer__request">
          <p class="answer__request-title">
            {/* The request page opens its form on the type: /demande?categorie=<id>. */}
            <a href={withTenant(`/demande?categorie=${encodeURIComponent(answer.request_type.id)}`)}>{t.requestTypeTitle(answer.request_type.name)}</a>
          </p>
          <p>{t.requestTypeHint(answer.service?.name ?? null)}</p>
        </div>
      )}
      {answer.offer_request && (answer.request_type === null || answer.request_type === undefined) && (
        <div class="answer__request">
          <p class="answer__request-title">
            <a href={withTenant('/demande')}>{t.requestTitle}</a>
          </p>
          <p>{answer.service !== null ? t.requestHint : t.requestHintNoService}</p>
        </div>
      )}
    </div>
  );
}

function Candidates({ candidates, question, onAsk }: { candidates: Candidate[]; question: string; onAsk: (q: string) => void }) {
  return (
    <div class="answer__candidates">
      <p id="answer-candidates">{t.candidatesHeading}</p>
      <ul class="button-list" aria-labelledby="answer-candidates">
        {candidates.map((candidate) => (
          <li key={candidate.id}>
            <button
              type="button"
              class="button button--secondary"
              // The place's name added to the question lets the engine pick it among the others.
              onClick={() => onAsk(`${question.trim()} (${candidate.name})`)}
            >
              {candidate.name}
              {t.candidateState(candidate.open, candidate.feminine === true)}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function PlaceHours({ answer, today }: { answer: Answer; today: string }) {
  const place = answer.place;
  if (place === null) return null;
  const spans = answer.day_intervals.map(([from, to]): [number, number] => [
    minutesOf(from),
    datePart(to) > datePart(from) ? 1440 : minutesOf(to),
  ]);
  const label = answer.moment_label;
  return (
    <section class="answer__section place-summary" aria-labelledby="answer-place">
      <h4 id="answer-place">{place.name}</h4>
      {answer.open !== null && (
        <p class="place-summary__state">
          <OpenBadge state={answer.open ? 'open' : 'closed'} />
          {label !== null && label !== '' && <span class="place-summary__moment"> {label}</span>}
        </p>
      )}
      <p>
        <span class="place-summary__label">
          {answer.moment !== null ? t.hoursOfDay(formatDay(answer.moment)) : t.hoursOfTheDay}
          {strings.portalTime.labelSeparator}
        </span>
        {formatSpans(spans)}
      </p>
      {answer.next_change !== null && (
        <p>
          {answer.open === true
            ? state.closesAt(formatMoment(answer.next_change, today))
            : answer.open === false
              ? state.opensAt(formatMoment(answer.next_change, today))
              : state.changesAt(formatMoment(answer.next_change, today))}
        </p>
      )}
      <p>
        <a href={portalLinks.place(place.id)}>{t.placeLink}</a>
      </p>
    </section>
  );
}

function Events({ events }: { events: AnswerEvent[] }) {
  return (
    <section class="answer__section" aria-labelledby="answer-events">
      <h4 id="answer-events">{t.eventsHeading}</h4>
      <ul class="result-list">
        {events.map((event) => (
          <li key={`${event.id}-${event.start}`} class="result-list__item">
            <p class="result-list__title">{event.title}</p>
            <p>
              <time dateTime={event.start}>
                {formatDay(event.start)}, {strings.portalTime.eventTime(formatClock(event.start), formatClock(event.end))}
              </time>
              {event.place_name !== null && event.place_id !== null && (
                <>
                  {strings.common.listSeparator}
                  <a href={portalLinks.place(event.place_id)}>{event.place_name}</a>
                </>
              )}
            </p>
          </li>
        ))}
      </ul>
      <p>
        <a href={portalLinks.agenda()}>{t.agendaLink}</a>
      </p>
    </section>
  );
}

function Service({ service }: { service: ServiceContact }) {
  return (
    <section class="answer__section" aria-labelledby="answer-service">
      <h4 id="answer-service">{t.serviceHeading}</h4>
      <p class="answer__service-name">{service.name}</p>
      <ul class="contact-list">
        {service.phone !== null && service.phone !== '' && (
          <li>
            {t.phone}
            {strings.portalTime.labelSeparator}
            <a href={`tel:${service.phone.replace(/[^\d+]/g, '')}`}>{service.phone}</a>
          </li>
        )}
        {service.email !== null && service.email !== '' && (
          <li>
            {t.email}
            {strings.portalTime.labelSeparator}
            <a href={`mailto:${service.email}`}>{service.email}</a>
          </li>
        )}
      </ul>
    </section>
  );
}
