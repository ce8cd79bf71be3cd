import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { strings } from '../ui/strings';
import { isAbort, knowledgeApi, type SearchResult } from './knowledge_api';
import { nextActive } from '../ui/combobox_keys';

const t = strings.receptionist;

// Suggestions are asked for once typing pauses, and only for a few letters or more.
const DEBOUNCE_MS = 200;
const MIN_LENGTH = 2;
const MAX_SUGGESTIONS = 6;

interface QuestionComboboxProps {
  // The input's id, so that the page can move focus back to it.
  id: string;
  value: string;
  onValue: (value: string) => void;
  // A suggested article was chosen (Enter on it, or a click).
  onChoose: (result: SearchResult) => void;
  // Incremented by the form when it is submitted: pending suggestions are dropped and the list
  // closes, since the answer replaces them.
  submitCount: number;
}

// The question box of the virtual receptionist: a WAI-ARIA 1.2 combobox (editable, list
// autocomplete) whose listbox offers the articles that match what is typed so far. Focus stays in
// the input; the highlighted option is named by aria-activedescendant. Keys: Down and Up move
// through the options (Down opens the list), Enter opens the highlighted article or, with none,
// submits the question, Escape closes the list (and, when it is closed, clears the box).
export function QuestionCombobox({ id, value, onValue, onChoose, submitCount }: QuestionComboboxProps) {
  const listboxId = `${id}-suggestions`;
  const hintId = `${id}-hint`;
  const instructionsId = `${id}-instructions`;
  const optionPrefix = useId();
  const [results, setResults] = useState<SearchResult[]>([]);
  const [expanded, setExpanded] = useState(false);
  const [active, setActive] = useState(-1);
  // What the polite status says about the suggestions; set only when a list arrives.
  const [announcement, setAnnouncement] = useState('');
  const timer = useRef<number | null>(null);
  const request = useRef<AbortController | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const cancelPending = () => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
    request.current?.abort();
    request.current = null;
  };

  const close = () => {
    setExpanded(false);
    setActive(-1);
  };

  useEffect(() => cancelPending, []);

  useEffect(() => {
    if (submitCount === 0) return;
    cancelPending();
    close();
  }, [submitCount]);

  const suggest = (text: string) => {
    cancelPending();
    if (text.trim().length < MIN_LENGTH) {
      setResults([]);
      close();
      return;
    }
    timer.current = window.setTimeout(() => {
      timer.current = null;
      const controller = new AbortController();
      request.current = controller;
      knowledgeApi
        .search(text, MAX_SUGGESTIONS, controller.signal)
        .then((response) => {
          if (request.current !== controller) return;
          request.current = null;
          setResults(response.results);
          setActive(-1);
          // Only a box that still has focus opens its list.
          const focused = document.activeElement === input.current;
          setExpanded(focused && response.results.length > 0);
          if (focused) setAnnouncement(t.suggestionCount(response.results.length));
        })
        .catch((error: unknown) => {
          if (isAbort(error) || request.current !== controller) return;
          // Suggestions are a help, not the answer: a failure just shows none.
          request.current = null;
          setResults([]);
          close();
        });
    }, DEBOUNCE_MS);
  };

  const choose = (result: SearchResult) => {
    cancelPending();
    close();
    onValue(result.title);
    onChoose(result);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const count = results.length;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        const next = nextActive(event.key, count, expanded, active, event.altKey);
        if (next === null) return;
        event.preventDefault();
        setExpanded(true);
        setActive(next);
        return;
      }
      case 'Enter': {
        const result = expanded && active >= 0 ? results[active] : undefined;
        if (result !== undefined) {
          event.preventDefault();
          choose(result);
        }
        // Otherwise the form is submitted.
        return;
      }
      case 'Escape':
        if (expanded) {
          event.preventDefault();
          close();
        } else if (value !== '') {
          event.preventDefault();
          cancelPending();
          setResults([]);
          onValue('');
        }
        return;
      default:
        return;
    }
  };

  const activeOption = expanded && active >= 0 ? `${optionPrefix}-option-${active}` : undefined;

  return (
    <div class="field combobox">
      <label class="field__label" for={id}>
        {t.label}
      </label>
      <p class="field__hint" id={hintId}>
        {t.hint}
      </p>
      <p class="visually-hidden" id={instructionsId}>
        {t.instructions}
      </p>
      <div class="combobox__wrapper">
        <input
          ref={input}
          id={id}
          class="field__input combobox__input"
          type="text"
          name="q"
          role="combobox"
          autocomplete="off"
          spellcheck={false}
          aria-autocomplete="list"
          aria-expanded={expanded ? 'true' : 'false'}
          aria-controls={listboxId}
          aria-activedescendant={activeOption}
          aria-describedby={`${hintId} ${instructionsId}`}
          value={value}
          onInput={(event) => {
            const text = event.currentTarget.value;
            onValue(text);
            // The highlighted option belonged to the previous text: Enter now asks the question.
            setActive(-1);
            suggest(text);
          }}
          onKeyDown={onKeyDown}
          onBlur={close}
        />
        <ul id={listboxId} class="combobox__listbox" role="listbox" aria-label={t.suggestionsLabel} hidden={!expanded}>
          {results.map((result, index) => (
            <li
              key={result.id}
              id={`${optionPrefix}-option-${index}`}
              class="combobox__option"
              role="option"
              aria-selected={index === active ? 'true' : 'false'}
              // Keeps focus in the input, so that the list does not close before the click.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(result)}
            >
              {result.title}
            </li>
          ))}
        </ul>
      </div>
      <div class="visually-hidden" role="status">
        {announcement}
      </div>
    </div>
  );
}
