// RFC 9457 problem details from the API, and their mapping onto a form's fields: the one place
// that turns a server's `errors: [{field, message}]` into messages under the right inputs.
export interface FieldProblem {
  field: string;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: FieldProblem[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }

  get code(): string | undefined {
    return this.problem.code;
  }
}

export type FieldErrors = Record<string, string>;

export interface MappedProblem {
  fields: FieldErrors;
  /** What cannot be shown under a field of this form: the problem's detail, or unknown fields. */
  general?: string;
}

/** `cityIds[0]` and `cityIds` are one input; `validity.startTime` stays a path. */
export function normaliseField(field: string): string {
  return field.replace(/\[\d+\]/g, '');
}

/**
 * Maps a problem onto the form's fields: each field error whose (normalised) name is one of the
 * form's fields goes under it; everything else becomes the general message.
 */
export function mapProblem(problem: Problem, formFields: readonly string[]): MappedProblem {
  const fields: FieldErrors = {};
  const unplaced: string[] = [];
  for (const error of problem.errors ?? []) {
    const name = normaliseField(error.field);
    if (formFields.includes(name)) {
      fields[name] = fields[name] ? `${fields[name]}; ${error.message}` : error.message;
    } else {
      unplaced.push(`${error.field}: ${error.message}`);
    }
  }
  const headline = describe(problem);
  if (unplaced.length > 0) return { fields, general: `${headline} (${unplaced.join('; ')})` };
  if (Object.keys(fields).length > 0 && problem.code === 'VALIDATION_FAILED') return { fields };
  return { fields, general: headline };
}

export function describe(problem: Problem): string {
  if (problem.code === 'CONFLICT' && problem.status === 409) {
    return `Conflict: ${problem.detail ?? 'someone changed this in the meantime'}. Reload to see the current version.`;
  }
  const what = problem.detail ?? problem.title ?? 'The request failed';
  return problem.code ? `${what} (${problem.code})` : what;
}

export function asProblem(error: unknown): Problem {
  if (error instanceof ApiError) return error.problem;
  return { status: 0, title: 'The server could not be reached', detail: String(error instanceof Error ? error.message : error) };
}
