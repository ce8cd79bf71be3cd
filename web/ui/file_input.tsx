import { useRef } from 'preact/hooks';
import { Field, hasFieldError } from './field';
import { strings } from './strings';
import './file_input.css';

const t = strings.files;

// What citizens may send; the server reads the type from the content and has the last word.
export const CITIZEN_FILE_ACCEPT =
  '.pdf,.jpg,.jpeg,.png,.webp,.heic,.heif,.odt,.ods,.odp,.docx,.xlsx,application/pdf,image/jpeg,image/png,image/webp,image/heic,image/heif';
export const MAX_CITIZEN_FILES = 5;
export const MAX_CITIZEN_FILE_BYTES = 10 * 1024 * 1024;

// "1,2 Mo", "830 ko": a size as French readers expect it.
export function formatFileSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toLocaleString('fr-FR', { maximumFractionDigits: 1 })}${'\u00a0'}Mo`;
  return `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('fr-FR')}${'\u00a0'}ko`;
}

// The first problem with a set of chosen files, in French, or undefined.
export function checkCitizenFiles(files: File[], required: boolean, label: string): string | undefined {
  if (required && files.length === 0) return t.missing(label);
  const big = files.find((f) => f.size > MAX_CITIZEN_FILE_BYTES);
  if (big !== undefined) return t.tooLarge(big.name, formatFileSize(MAX_CITIZEN_FILE_BYTES));
  const empty = files.find((f) => f.size === 0);
  if (empty !== undefined) return t.empty(empty.name);
  return undefined;
}

interface FileInputProps {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean;
  files: File[];
  onFiles: (files: File[]) => void;
}

// A file input whose chosen files are listed with their size and a button to take each one back.
// Choosing again adds to the list (as people expect on a phone, one photo at a time). The native
// input stays the control: its label, hint and error are tied to it, and keyboards reach it.
export function FileInput({ id, label, hint, error, required = false, files, onFiles }: FileInputProps) {
  const input = useRef<HTMLInputElement>(null);
  const fullHint = [hint, t.hint(formatFileSize(MAX_CITIZEN_FILE_BYTES))].filter(Boolean).join(' ');
  return (
    <Field id={id} label={required ? `${label} *` : label} hint={fullHint} error={error}>
      {(describedBy) => (
        <>
          <input
            ref={input}
            id={id}
            name={id}
            type="file"
            class="field__file"
            multiple
            accept={CITIZEN_FILE_ACCEPT}
            aria-invalid={hasFieldError(error) ? 'true' : undefined}
            aria-describedby={describedBy !== '' ? describedBy : undefined}
            onChange={(e) => {
              const chosen = Array.from(e.currentTarget.files ?? []);
              // The list is ours: the input is emptied so that the same file can be chosen again.
              e.currentTarget.value = '';
              if (chosen.length > 0) onFiles([...files, ...chosen]);
            }}
          />
          {files.length > 0 && (
            <ul class="file-list" aria-label={t.chosen(label)}>
              {files.map((f, i) => (
                <li key={`${f.name}-${i}`} class="file-list__item">
                  <span class="file-list__name">{f.name}</span> <span class="file-list__size">({formatFileSize(f.size)})</span>
                  <button
                    type="button"
                    class="button button--quiet file-list__remove"
                    onClick={() => {
                      onFiles(files.filter((_, k) => k !== i));
                      input.current?.focus();
                    }}
                  >
                    {t.remove(f.name)}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Field>
  );
}

// The upload's progress, for files sent on a slow connection. Not a live region: a status says
// once that sending started; the bar can be read at any time.
export function UploadProgress({ fraction }: { fraction: number }) {
  const percent = Math.round(fraction * 100);
  return (
    <p class="upload-progress">
      <progress max={100} value={percent} aria-label={t.progressLabel} /> {t.progress(percent)}
    </p>
  );
}
