// The address input of the portal's forms: a WAI-ARIA 1.2 combobox (editable, list autocomplete)
// that offers the addresses of the administration's own index as the citizen types
// (/api/v1/public/addresses). Focus stays in the input; the highlighted suggestion is named by
// aria-activedescendant. Keys: Down and Up move through the suggestions (Down opens the list),
// Enter picks the highlighted one, Escape closes the list. Picking a suggestion writes its label
// into the field and gives its position to the caller (the map's pin goes there). The text stays
// free: an address the index does not know can still be typed.
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { addressesApi, isAbort, type AddressSuggestion } from './addresses_api';
import { Field, hasFieldError } from './field';
import { strings } from './strings';
import './address_combobox.css';
import { nextActive } from './combobox_keys';

const t = strings.addressSearch;

// Suggestions are asked for once typing pauses (the public look-ups are rate-limited per address),
// and for three characters or more.
const DEBOUNCE_MS = 250;
const MIN_LENGTH = 3;

interface Props {
  id: string;
  label: string; // With the required mark, if any.
  hint?: string | undefined;
  error?: string | undefined;
  required: boolean;
  value: string;
  onValue: (value: string) => void;
  onChoose: (suggestion: AddressSuggestion) => void;
}

export function AddressCombobox({ id, label, hint, error, required, value, onValue, onChoose }: Props) {
  const listboxId = `${id}-adresses`;
  const instructionsId = `${id}-consigne`;
  const optionPrefix = useId();
  const [items, setItems] = useState<AddressSuggestion[]>([]);
  const [expanded, setExpanded] = useState(false);
  const [active, setActive] = useState(-1);
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
  useEffect(() => cancelPending, []);

  const close = () => {
    setExpanded(false);
    setActive(-1);
  };

  const suggest = (text: string) => {
    cancelPending();
    if (text.trim().length < MIN_LENGTH) {
      setItems([]);
      close();
      return;
    }
    timer.current = window.setTimeout(() => {
      timer.current = null;
      const controller = new AbortController();
      request.current = controller;
      addressesApi
        .suggest(text, controller.signal)
        .then((response) => {
          if (request.current !== controller) return;
          request.current = null;
          setItems(response.items);
          setActive(-1);
          const focused = document.activeElement === input.current;
          setExpanded(focused && response.items.length > 0);
          if (focused) setAnnouncement(t.count(response.items.length));
        })
        .catch((failure: unknown) => {
          if (isAbort(failure) || request.current !== controller) return;
          request.current = null;
          setItems([]);
          close();
        });
    }, DEBOUNCE_MS);
  };

  const choose = (item: AddressSuggestion) => {
    cancelPending();
    close();
    setAnnouncement(t.chosen(item.label));
    onValue(item.label);
    onChoose(item);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const count = items.length;
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
        const item = expanded && active >= 0 ? items[active] : undefined;
        if (item !== undefined) {
          event.preventDefault();
          choose(item);
        }
        return;
      }
      case 'Escape':
        if (expanded) {
          event.preventDefault();
          close();
        }
        return;
      default:
        return;
    }
  };

  const activeOption = expanded && active >= 0 ? `${optionPrefix}-${active}` : undefined;
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      {(describedBy) => (
        <div class="address-combobox">
          <p class="visually-hidden" id={instructionsId}>
            {t.instructions}
          </p>
          <input
            ref={input}
            id={id}
            name={id}
            class="field__input"
            type="text"
            role="combobox"
            autocomplete="off"
            spellcheck={false}
            required={required}
            aria-autocomplete="list"
            aria-expanded={expanded ? 'true' : 'false'}
            aria-controls={listboxId}
            aria-activedescendant={activeOption}
            aria-invalid={hasFieldError(error) ? 'true' : undefined}
            aria-describedby={[describedBy, instructionsId].filter((s) => s !== '').join(' ')}
            value={value}
            onInput={(event) => {
              const text = event.currentTarget.value;
              onValue(text);
              setActive(-1);
              suggest(text);
            }}
            onKeyDown={onKeyDown}
            onBlur={close}
          />
          <ul id={listboxId} class="address-combobox__listbox" role="listbox" aria-label={t.listLabel} hidden={!expanded}>
            {items.map((item, index) => (
              <li
                key={`${item.label}-${index}`}
                id={`${optionPrefix}-${index}`}
                class="address-combobox__option"
                role="option"
                aria-selected={index === active ? 'true' : 'false'}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => choose(item)}
              >
                {item.label}
              </li>
            ))}
          </ul>
          <p class="visually-hidden" role="status">
            {announcement}
          </p>
        </div>
      )}
    </Field>
  );
}
