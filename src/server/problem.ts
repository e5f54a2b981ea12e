/** RFC 9457 problem details. Every error the API returns is one of these. */
export interface FieldError {
  /** JSON pointer-ish path of the offending input, e.g. `items.3.listingUrl` or `file`. */
  field: string;
  message: string;
}

export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors: FieldError[] = [],
    readonly type = `https://rightsdesk.dev/problems/${slug(title)}`,
  ) {
    super(detail ?? title);
  }

  toJSON(instance?: string) {
    return {
      type: this.type,
      title: this.title,
      status: this.status,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
      ...(this.errors.length ? { errors: this.errors } : {}),
    };
  }
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export const invalid = (field: string, message: string, detail?: string) =>
  new Problem(400, 'Invalid request', detail ?? `${field}: ${message}`, [{ field, message }]);
export const invalidMany = (errors: FieldError[]) =>
  new Problem(
    400,
    'Invalid request',
    errors
      .slice(0, 3)
      .map((e) => `${e.field}: ${e.message}`)
      .join('; ') + (errors.length > 3 ? ` (and ${errors.length - 3} more)` : ''),
    errors,
  );
export const unauthorized = (detail = 'Log in or send a valid API key.') => new Problem(401, 'Unauthorized', detail);
export const forbidden = (detail = 'Your account may not do this.') => new Problem(403, 'Forbidden', detail);
export const notFound = (what = 'Resource') => new Problem(404, 'Not found', `${what} not found.`);
export const conflict = (detail: string, errors: FieldError[] = []) => new Problem(409, 'Conflict', detail, errors);
export const unprocessable = (detail: string, errors: FieldError[] = []) =>
  new Problem(422, 'Unprocessable request', detail, errors);
