import { useEffect, useState, type ReactNode } from 'react';
import { asProblem, describe } from '../api/problem';

export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="form-error" role="alert">
      {describe(asProblem(error))}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

export function Pager({ page, size, total, onPage }: { page: number; size: number; total: number; onPage: (page: number) => void }) {
  const pages = Math.max(1, Math.ceil(total / size));
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" disabled={page === 0} onClick={() => onPage(page - 1)}>
        Previous
      </button>
      <span>
        Page {page + 1} of {pages} ({total} in all)
      </span>
      <button type="button" disabled={page + 1 >= pages} onClick={() => onPage(page + 1)}>
        Next
      </button>
    </nav>
  );
}

/** A button that asks before it acts: the first press shows "Yes" and "Cancel". */
export function ConfirmButton({ label, question, onConfirm, disabled }: { label: string; question: string; onConfirm: () => Promise<void> | void; disabled?: boolean }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={question}>
      <span>{question}</span>
      <button
        type="button"
        autoFocus
        onClick={async () => {
          setAsking(false);
          await onConfirm();
        }}
      >
        Yes, {label.toLowerCase()}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}

/** Loads data and reloads it when the key changes (or every `refreshMs`). */
export function useLoad<T>(load: () => Promise<T>, key: string, refreshMs?: number) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    const run = () =>
      load().then(
        (value) => {
          if (live) {
            setData(value);
            setError(null);
            setLoading(false);
          }
        },
        (failure: unknown) => {
          if (live) {
            setError(failure);
            setLoading(false);
          }
        },
      );
    setLoading(true);
    void run();
    const timer = refreshMs ? setInterval(run, refreshMs) : undefined;
    return () => {
      live = false;
      if (timer) clearInterval(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, generation, refreshMs]);
  return { data, error, loading, reload: () => setGeneration((n) => n + 1) };
}

export interface Column<T> {
  header: ReactNode;
  cell: (row: T) => ReactNode;
}

/** A table of rows, scrolling sideways on a narrow screen rather than squeezing its columns. */
export function Table<T>({ rows, columns, rowKey }: { rows: T[]; columns: Column<T>[]; rowKey: (row: T) => string | undefined }) {
  return (
    <div className="table">
      <table>
        <thead>
          <tr>
            {columns.map((column, index) => (
              <th key={index}>{column.header}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={rowKey(row) ?? index}>
              {columns.map((column, cell) => (
                <td key={cell}>{column.cell(row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export const ACTIONS = <span className="sr-only">Actions</span>;

/** A list filter over an enumeration, "(any)" first. */
export function EnumFilter({ label, name, value, options, onChange }: { label: string; name: string; value: string; options: readonly string[]; onChange: (value: string) => void }) {
  return (
    <label>
      {label}{' '}
      <select name={name} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">(any)</option>
        {options.map((option) => (
          <option key={option}>{option}</option>
        ))}
      </select>
    </label>
  );
}
