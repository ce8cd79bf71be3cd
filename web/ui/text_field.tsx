import type { JSX } from 'preact';
import { useId } from 'preact/hooks';

type InputProps = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'id' | 'class' | 'className'>;

interface TextFieldProps extends InputProps {
  label: string;
  hint?: string;
}

// A labelled input with an optional hint tied to it by aria-describedby.
export function TextField({ label, hint, ...input }: TextFieldProps) {
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
      <input {...input} id={id} class="field__input" aria-describedby={hint !== undefined ? hintId : undefined} />
    </div>
  );
}
