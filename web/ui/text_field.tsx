import { useId } from 'preact/hooks';

interface TextFieldProps {
  label: string;
  hint?: string;
  type: 'text' | 'email' | 'password' | 'search';
  name: string;
  value: string;
  onValue: (value: string) => void;
  autocomplete?: string;
  required?: boolean;
  spellcheck?: boolean;
}

// A labelled text input with an optional hint tied to it by aria-describedby.
export function TextField({ label, hint, type, name, value, onValue, autocomplete, required, spellcheck }: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  // Preact types each input type separately (its allowed roles differ); spell the cases out so
  // that the spread below matches one of them.
  const typed =
    type === 'email'
      ? ({ type: 'email' } as const)
      : type === 'password'
        ? ({ type: 'password' } as const)
        : type === 'search'
          ? ({ type: 'search' } as const)
          : ({ type: 'text' } as const);
  return (
    <div class="field">
      <label class="field__label" for={id}>
        {label}
      </label>
      {hint !== undefined && (
        <p class="field__hint" id={hintId}>
          {hint}
        </p>
      )}
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
        aria-describedby={hint !== undefined ? hintId : undefined}
      />
    </div>
  );
}
