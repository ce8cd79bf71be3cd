// Small labelled controls for the settings forms, where many rows repeat the same inputs. Each
// one has a real <label>; `label` may be visually hidden inside tables (hideLabel).
import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import type { SelectOption } from '../../ui/select_field';

interface Common {
  label: string;
  hint?: string | undefined;
  id?: string | undefined;
  hideLabel?: boolean;
}

function Frame({ id, label, hint, hideLabel, children }: Common & { id: string; children: ComponentChildren }) {
  return (
    <div class="field settings-field">
      <label class={hideLabel === true ? 'visually-hidden' : 'field__label'} for={id}>
        {label}
      </label>
      {hint !== undefined && (
        <p class="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children}
    </div>
  );
}

export function Input({ value, onValue, type = 'text', required, ...common }: Common & { value: string; onValue: (v: string) => void; type?: 'text' | 'number'; required?: boolean }) {
  const generated = useId();
  const id = common.id ?? generated;
  return (
    <Frame {...common} id={id}>
      <input
        id={id}
        class="field__input"
        {...(type === 'number' ? ({ type: 'number', min: 0 } as const) : ({ type: 'text' } as const))}
        value={value}
        required={required}
        onInput={(e) => onValue(e.currentTarget.value)}
        aria-describedby={common.hint !== undefined ? `${id}-hint` : undefined}
      />
    </Frame>
  );
}

export function TextArea({ value, onValue, rows = 4, ...common }: Common & { value: string; onValue: (v: string) => void; rows?: number }) {
  const generated = useId();
  const id = common.id ?? generated;
  return (
    <Frame {...common} id={id}>
      <textarea
        id={id}
        class="field__input settings-textarea"
        rows={rows}
        value={value}
        onInput={(e) => onValue(e.currentTarget.value)}
        aria-describedby={common.hint !== undefined ? `${id}-hint` : undefined}
      />
    </Frame>
  );
}

export function Select({ value, onValue, options, ...common }: Common & { value: string; onValue: (v: string) => void; options: SelectOption[] }) {
  const generated = useId();
  const id = common.id ?? generated;
  return (
    <Frame {...common} id={id}>
      <select
        id={id}
        class="field__input field__select"
        value={value}
        onChange={(e) => onValue(e.currentTarget.value)}
        aria-describedby={common.hint !== undefined ? `${id}-hint` : undefined}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Frame>
  );
}

export function Check({ label, checked, onChecked }: { label: string; checked: boolean; onChecked: (v: boolean) => void }) {
  const id = useId();
  return (
    <div class="settings-check">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChecked(e.currentTarget.checked)} />
      <label for={id}>{label}</label>
    </div>
  );
}
