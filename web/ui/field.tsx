import type { ComponentChildren } from 'preact';

interface FieldProps {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | null | undefined;
  // Renders the control with the ids it must name in aria-describedby ('' when none).
  children: (describedBy: string) => ComponentChildren;
}

// The frame shared by every form control: its label, an optional hint and an optional error
// message, each tied to the control by the ids passed to `children`.
export function Field({ id, label, hint, error, children }: FieldProps) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const hasError = hasFieldError(error);
  const describedBy = [hint !== undefined ? hintId : null, hasError ? errorId : null].filter(Boolean).join(' ');
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
      {hasError && (
        <p class="field__error" id={errorId}>
          {error}
        </p>
      )}
      {children(describedBy)}
    </div>
  );
}

export function hasFieldError(error: string | null | undefined): error is string {
  return error !== undefined && error !== null && error !== '';
}
