import { useId } from 'preact/hooks';

export interface SelectOption {
  value: string;
  label: string;
}

interface SelectFieldProps {
  label: string;
  hint?: string;
  name: string;
  value: string;
  options: SelectOption[];
  onValue: (value: string) => void;
}

// A labelled native <select> with an optional hint tied to it by aria-describedby.
export function SelectField({ label, hint, name, value, options, onValue }: SelectFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
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
      <select
        id={id}
        class="field__input field__select"
        name={name}
        value={value}
        onChange={(event) => onValue(event.currentTarget.value)}
        aria-describedby={hint !== undefined ? hintId : undefined}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
