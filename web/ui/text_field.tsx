import { useId } from 'preact/hooks';
import { Field, hasFieldError } from './field';

interface TextFieldProps {
  label: string;
  hint?: string;
  type: 'text' | 'email' | 'password' | 'search' | 'date';
  name: string;
  value: string;
  onValue: (value: string) => void;
  // The input's id, for callers that move focus to it; a generated one otherwise.
  id?: string;
  // A message saying what is wrong with the value; the input is then marked invalid.
  error?: string | null;
  autocomplete?: string;
  required?: boolean;
  spellcheck?: boolean;
}

// A labelled text input with an optional hint and error message tied to it by aria-describedby.
export function TextField({ label, hint, type, name, value, onValue, id: givenId, error, autocomplete, required, spellcheck }: TextFieldProps) {
  const generatedId = useId();
  const id = givenId ?? generatedId;
  // Preact types each input type separately (its allowed roles differ); spell the cases out so
  // that the spread below matches one of them.
  const typed =
    type === 'email'
      ? ({ type: 'email' } as const)
      : type === 'password'
        ? ({ type: 'password' } as const)
        : type === 'search'
          ? ({ type: 'search' } as const)
          : type === 'date'
            ? ({ type: 'date' } as const)
            : ({ type: 'text' } as const);
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      {(describedBy) => (
        <input
          id={id}
          class="field__input"
          {...typed}
          name={name}
          value={value}
          onInput={(event) => onValue(event.currentTarget.value)}
          autocomplete={autocomplete}
          required={required}
          spellcheck={spellcheck}
          aria-invalid={hasFieldError(error) ? 'true' : undefined}
          aria-describedby={describedBy !== '' ? describedBy : undefined}
        />
      )}
    </Field>
  );
}
