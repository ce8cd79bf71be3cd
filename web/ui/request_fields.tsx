// The controls of a request form, shared by the citizens' portal (web/portal/request_page.tsx)
// and the agents' reception desk (web/console/requests/reception_view.tsx): a request type's fields are
// drawn, labelled and tied to their errors the same way wherever a request is registered.
import type { ComponentChildren } from 'preact';
import { AddressCombobox } from './address_combobox';
import { ApiError } from './api';
import { Field, hasFieldError } from './field';
import { FileInput } from './file_input';
import { LocationPicker } from './location_picker';
import { strings } from './strings';

const t = strings.requestForm;

// One field of a request type's form, as the API describes it.
export interface FieldDef {
  key: string;
  label: string;
  // text, long_text, email, phone, date, number, choice, multiple_choice, checkbox, file, address
  type: string;
  required: boolean;
  options: string[];
  help: string;
  // A checked box makes the request urgent (priority 2, first in the inbox); checkboxes only.
  urgent?: boolean;
}

export type FieldValue = string | string[] | boolean;

// The member of the input a refusal is about (the problem document's "field", e.g.
// "citizen.email" or "fields.acte"), or null when the server named none.
export function problemField(error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  const field = error.problem.field;
  return typeof field === 'string' && field !== '' ? field : null;
}

// The control of category field `key` that a problem naming "fields.<key>" is about.
export function controlOfProblem(field: string | null, fields: FieldDef[]): string | null {
  if (field === null || !field.startsWith('fields.')) return null;
  const def = fields.find((f) => f.key === field.slice('fields.'.length));
  return def !== undefined ? controlId(def) : null;
}

// The label of a control, with the required mark spelled out for assistive technologies.
export function labelOf(label: string, required: boolean): string {
  return required ? `${label} ${t.requiredMark}` : label;
}

// The error summary at the top of a form: each entry links to the control it is about. It takes
// focus when the form is submitted with errors (the caller focuses `id`).
export function ErrorSummary({ id, errors }: { id: string; errors: Array<[string, string]> }) {
  if (errors.length === 0) return null;
  return (
    <div class="error-summary" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} tabIndex={-1} class="error-summary__title">
        {t.errorSummaryTitle(errors.length)}
      </h2>
      <ul class="error-summary__list">
        {errors.map(([target, message]) => (
          <li key={target}>
            <a
              href={`#${target}`}
              onClick={(event) => {
                event.preventDefault();
                document.getElementById(target)?.focus();
              }}
            >
              {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface ControlProps {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean;
  value: string;
  onValue: (value: string) => void;
  type?: 'text' | 'email' | 'tel' | 'date' | 'number';
  multiline?: boolean;
  autocomplete?: string;
  inputMode?: 'decimal' | 'text';
}

// A labelled input or textarea, its hint and its error tied to it.
export function Control({ id, label, hint, error, required = false, value, onValue, type = 'text', multiline = false, autocomplete, inputMode }: ControlProps) {
  const common = (describedBy: string) => ({
    id,
    name: id,
    class: multiline ? 'field__input field__textarea' : 'field__input',
    value,
    required,
    autocomplete,
    'aria-invalid': hasFieldError(error) ? ('true' as const) : undefined,
    'aria-describedby': describedBy !== '' ? describedBy : undefined,
  });
  return (
    <Field id={id} label={labelOf(label, required)} hint={hint} error={error}>
      {(describedBy) =>
        multiline ? (
          <textarea {...common(describedBy)} rows={6} onInput={(e) => onValue(e.currentTarget.value)} />
        ) : type === 'email' ? (
          <input {...common(describedBy)} type="email" onInput={(e) => onValue(e.currentTarget.value)} />
        ) : type === 'tel' ? (
          <input {...common(describedBy)} type="tel" onInput={(e) => onValue(e.currentTarget.value)} />
        ) : type === 'date' ? (
          <input {...common(describedBy)} type="date" onInput={(e) => onValue(e.currentTarget.value)} />
        ) : (
          <input {...common(describedBy)} type="text" inputMode={type === 'number' ? 'decimal' : inputMode} onInput={(e) => onValue(e.currentTarget.value)} />
        )
      }
    </Field>
  );
}

interface GroupProps {
  legend: string;
  hint?: string | undefined;
  error?: string | undefined;
  id: string;
  children: ComponentChildren;
}

// A fieldset for radio buttons, check boxes or related inputs, with its hint and error.
export function Group({ legend, hint, error, id, children }: GroupProps) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <fieldset class="field fieldset" id={id} tabIndex={-1} aria-describedby={describedBy !== '' ? describedBy : undefined}>
      <legend class="field__label">{legend}</legend>
      {hint && (
        <p class="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {children}
    </fieldset>
  );
}

// The id of the control a category field is drawn with (the target of error links).
export function controlId(field: FieldDef): string {
  return `champ-${field.key}`;
}

export interface Position {
  lat: string;
  lon: string;
}

interface CategoryFieldProps {
  field: FieldDef;
  value: FieldValue | undefined;
  onValue: (value: FieldValue) => void;
  error?: string | undefined;
  position: Position;
  onPosition: (p: Position) => void;
  positionError?: string | undefined;
  files: File[];
  onFiles: (files: File[]) => void;
}

// One field of a category's form, drawn after its type.
export function CategoryField({ field, value, onValue, error, position, onPosition, positionError, files, onFiles }: CategoryFieldProps) {
  const id = controlId(field);
  const hint = field.help !== '' ? field.help : undefined;
  const text = typeof value === 'string' ? value : '';
  switch (field.type) {
    case 'long_text':
      return <Control id={id} label={field.label} hint={hint} error={error} required={field.required} value={text} onValue={onValue} multiline />;
    case 'email':
      return <Control id={id} label={field.label} hint={hint} error={error} required={field.required} value={text} onValue={onValue} type="email" />;
    case 'phone':
      return <Control id={id} label={field.label} hint={hint} error={error} required={field.required} value={text} onValue={onValue} type="tel" />;
    case 'date':
      return <Control id={id} label={field.label} hint={hint} error={error} required={field.required} value={text} onValue={onValue} type="date" />;
    case 'number':
      return <Control id={id} label={field.label} hint={hint} error={error} required={field.required} value={text} onValue={onValue} type="number" />;
    case 'choice':
      return (
        <Group id={id} legend={labelOf(field.label, field.required)} hint={hint} error={error}>
          {field.options.map((option, i) => (
            <div class="choice" key={option}>
              <input type="radio" id={`${id}-${i}`} name={id} value={option} checked={text === option} onChange={() => onValue(option)} />
              <label for={`${id}-${i}`}>{option}</label>
            </div>
          ))}
        </Group>
      );
    case 'multiple_choice': {
      const chosen = Array.isArray(value) ? value : [];
      return (
        <Group id={id} legend={labelOf(field.label, field.required)} hint={hint} error={error}>
          {field.options.map((option, i) => (
            <div class="choice" key={option}>
              <input
                type="checkbox"
                id={`${id}-${i}`}
                name={id}
                value={option}
                checked={chosen.includes(option)}
                onChange={(e) => onValue(e.currentTarget.checked ? [...chosen, option] : chosen.filter((o) => o !== option))}
              />
              <label for={`${id}-${i}`}>{option}</label>
            </div>
          ))}
        </Group>
      );
    }
    case 'checkbox':
      return (
        <Group id={id} legend={labelOf(field.label, field.required)} hint={hint} error={error}>
          <div class="choice">
            <input type="checkbox" id={`${id}-oui`} name={id} checked={value === true} onChange={(e) => onValue(e.currentTarget.checked)} />
            <label for={`${id}-oui`}>{t.checkboxYes}</label>
          </div>
        </Group>
      );
    case 'file':
      return <FileInput id={id} label={field.label} hint={hint} error={error} required={field.required} files={files} onFiles={onFiles} />;
    case 'address':
      return (
        <div class="address-field">
          <AddressCombobox
            id={id}
            label={labelOf(field.label, field.required)}
            hint={hint}
            error={error}
            required={field.required}
            value={text}
            onValue={onValue}
            onChoose={(address) => onPosition({ lat: String(address.lat), lon: String(address.lon) })}
          />
          <LocationPicker id={`${id}-carte`} label={field.label} lat={position.lat} lon={position.lon} onPick={onPosition} onAddress={onValue} coordinatesOpen={positionError !== undefined}>
            <Group id={`${id}-position`} legend={t.positionLegend(field.label)} hint={t.positionHint} error={positionError}>
              <div class="position-inputs">
                <Control id={`${id}-lat`} label={t.latLabel} value={position.lat} onValue={(lat) => onPosition({ ...position, lat })} inputMode="decimal" />
                <Control id={`${id}-lon`} label={t.lonLabel} value={position.lon} onValue={(lon) => onPosition({ ...position, lon })} inputMode="decimal" />
              </div>
            </Group>
          </LocationPicker>
        </div>
      );
    default:
      return <Control id={id} label={field.label} hint={hint} error={error} required={field.required} value={text} onValue={onValue} />;
  }
}
