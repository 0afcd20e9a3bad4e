/** One invalid input field and what is wrong with it. */
export interface FieldError {
  /** Dotted path of the field in the body, query or route (`username`, `limit`, `id`). */
  readonly field: string;
  readonly messages: readonly string[];
}

/** The JSON shape of every error response of every service. */
export interface ErrorBody {
  readonly statusCode: number;
  /** The HTTP reason phrase (`Not Found`). */
  readonly error: string;
  /** What went wrong, for a human; never a stack trace. */
  readonly message: string;
  /** The request's id, to find its log lines. */
  readonly requestId: string | undefined;
  /** Present on validation errors (400) and unknown references (422): every offending field. */
  readonly fields?: readonly FieldError[];
  /** Present on 502/503 caused by other services: their catalog names. */
  readonly upstreams?: readonly string[];
}
