// Form building blocks: every input has a label, its error is announced and tied to it.
import { useId, useState, type ReactNode, type FormEvent } from 'react';
import { ApiError, asProblem, mapProblem, type FieldErrors } from '../api/problem';

interface FieldProps {
  label: string;
  name: string;
  error?: string;
  hint?: string;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode;
}

export function Field({ label, name, error, hint, children }: FieldProps) {
  const id = `${useId()}-${name}`;
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={error ? 'field invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': described || undefined })}
      {hint && <small id={`${id}-hint`}>{hint}</small>}
      {error && (
        <span className="error" id={`${id}-error`} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

export type Values = Record<string, string>;

interface InputProps {
  label: string;
  name: string;
  form: FormFields;
  type?: string;
  hint?: string;
  inputMode?: 'decimal' | 'numeric' | 'text';
  placeholder?: string;
}

export function Input({ label, name, form, type = 'text', hint, inputMode, placeholder }: InputProps) {
  return (
    <Field label={label} name={name} error={form.errors[name]} hint={hint}>
      {(aria) => (
        <input
          {...aria}
          name={name}
          type={type}
          inputMode={inputMode}
          placeholder={placeholder}
          value={form.values[name] ?? ''}
          onChange={(event) => form.set(name, event.target.value)}
        />
      )}
    </Field>
  );
}

export function Select({ label, name, form, options, hint }: { label: string; name: string; form: FormFields; options: readonly string[]; hint?: string }) {
  return (
    <Field label={label} name={name} error={form.errors[name]} hint={hint}>
      {(aria) => (
        <select {...aria} name={name} value={form.values[name] ?? ''} onChange={(event) => form.set(name, event.target.value)}>
          {options.map((option) => (
            <option key={option} value={option}>
              {option === '' ? '(any)' : option}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A group of checkboxes whose value is the comma-separated list of the checked options. */
export function Checkboxes({ label, name, form, options }: { label: string; name: string; form: FormFields; options: readonly string[] }) {
  const checked = (form.values[name] ?? '').split(',').filter(Boolean);
  const error = form.errors[name];
  const errorId = `${name}-checkboxes-error`;
  const toggle = (option: string) => {
    const next = checked.includes(option) ? checked.filter((value) => value !== option) : [...checked, option];
    form.set(name, options.filter((value) => next.includes(value)).join(','));
  };
  return (
    <fieldset className={error ? 'field invalid' : 'field'} aria-describedby={error ? errorId : undefined}>
      <legend>{label}</legend>
      {options.map((option) => (
        <label key={option} className="check">
          <input type="checkbox" name={name} value={option} checked={checked.includes(option)} onChange={() => toggle(option)} /> {option}
        </label>
      ))}
      {error && (
        <span className="error" id={errorId} role="alert">
          {error}
        </span>
      )}
    </fieldset>
  );
}

/** What an input needs of its form. */
export type FormFields = Pick<FormState<Values>, 'values' | 'errors' | 'set'>;

export interface FormState<V extends Values> {
  values: V;
  errors: FieldErrors;
  general: string | null;
  busy: boolean;
  set: (name: string, value: string) => void;
  /** Runs the client-side checks, then the action; a problem from the server lands on the fields. */
  submit: (action: (values: V) => Promise<void>) => (event?: FormEvent) => Promise<void>;
}

export function useForm<V extends Values>(initial: V, validate: (values: V) => FieldErrors, fields: readonly string[]): FormState<V> {
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return {
    values,
    errors,
    general,
    busy,
    set: (name, value) => {
      setValues((previous) => ({ ...previous, [name]: value }));
      setErrors((previous) => {
        if (!(name in previous)) return previous;
        const next = { ...previous };
        delete next[name];
        return next;
      });
    },
    submit: (action) => async (event) => {
      event?.preventDefault();
      const found = validate(values);
      setErrors(found);
      setGeneral(Object.keys(found).length > 0 ? 'Some values need attention.' : null);
      if (Object.keys(found).length > 0) return;
      setBusy(true);
      try {
        await action(values);
      } catch (error) {
        if (!(error instanceof ApiError)) console.warn(error);
        const mapped = mapProblem(asProblem(error), fields);
        setErrors(mapped.fields);
        setGeneral(mapped.general ?? 'The server refused some values.');
      } finally {
        setBusy(false);
      }
    },
  };
}

export function FormMessage({ text }: { text: string | null }) {
  return text ? (
    <p className="form-error" role="alert">
      {text}
    </p>
  ) : null;
}

/** The form's general message and its submit button, disabled while the form is being sent. */
export function Submit({ form, label }: { form: { general: string | null; busy: boolean }; label: string }) {
  return (
    <>
      <FormMessage text={form.general} />
      <div className="actions">
        <button type="submit" disabled={form.busy}>
          {label}
        </button>
      </div>
    </>
  );
}
