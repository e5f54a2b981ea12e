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

/** Error codes of a database server that is down, restarting or unreachable (PostgreSQL class 08, 57P0x). */
const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const unreachableMessage =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|not queryable|Connection refused/i;
/** Text PostgreSQL cannot store: NUL in text or jsonb (22P05), bytes not valid in UTF-8 (22021). */
const unstorableTextCodes = new Set(['22021', '22P05']);

/** The error and what it wraps (Drizzle wraps the driver's error as `cause`). */
function* causes(err: unknown): Generator<{ code?: unknown; message?: unknown }> {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && typeof e === 'object' && e !== null; depth++) {
    yield e as { code?: unknown; message?: unknown };
    e = (e as { cause?: unknown }).cause;
  }
}

/**
 * A database failure as the client should see it: 503 while the server is away (the client may
 * retry; nothing was changed, since the transaction did not commit), 400 for text it cannot store.
 */
export function databaseProblem(err: unknown): Problem | undefined {
  for (const e of causes(err)) {
    const code = typeof e.code === 'string' ? e.code : '';
    const message = typeof e.message === 'string' ? e.message : '';
    if (
      unreachableCodes.has(code) ||
      code.startsWith('08') ||
      /^57P0[1-3]$/.test(code) ||
      unreachableMessage.test(message)
    ) {
      return new Problem(503, 'Service unavailable', 'The database is not reachable; try again shortly.', [
        { field: 'database', message: 'is not reachable' },
      ]);
    }
    // A deadlock or serialisation conflict rolled the whole transaction back: nothing changed, retry.
    if (code === '40P01' || code === '40001') {
      return new Problem(503, 'Busy', 'The request collided with another change and was rolled back; retry it.');
    }
    if (unstorableTextCodes.has(code)) {
      return new Problem(
        400,
        'Invalid request',
        'The request holds text that cannot be stored (NUL or invalid Unicode).',
        [{ field: 'body', message: 'contains NUL or invalid Unicode' }],
      );
    }
  }
  return undefined;
}
