import { useId } from 'preact/hooks';
import { Field } from './field';

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
  return (
    <Field id={id} label={label} hint={hint}>
      {(describedBy) => (
        <select
          id={id}
          class="field__input field__select"
          name={name}
          value={value}
          onChange={(event) => onValue(event.currentTarget.value)}
          aria-describedby={describedBy !== '' ? describedBy : undefined}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
