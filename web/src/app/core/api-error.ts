import { HttpErrorResponse } from '@angular/common/http';

/** An RFC 7807 problem as the backend sends it. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: Record<string, string[]>;
}

/** What the UI shows for a failed call: one message, plus per-field messages for validation errors. */
export interface ApiError {
  status: number;
  message: string;
  fieldErrors: Record<string, string[]>;
}

/** Turns anything a failed HTTP call throws into a message a person can read. */
export function toApiError(error: unknown): ApiError {
  if (!(error instanceof HttpErrorResponse)) {
    return { status: 0, message: 'Something went wrong in the page. Reload and try again.', fieldErrors: {} };
  }
  if (error.status === 0) {
    return {
      status: 0,
      message: 'Cannot reach the server. Check your connection and try again.',
      fieldErrors: {},
    };
  }
  const problem = asProblem(error.error);
  return {
    status: error.status,
    message: problem?.detail || problem?.title || fallbackMessage(error.status),
    fieldErrors: problem?.errors ?? {},
  };
}

/** Field messages for one field, matching the server's key case-insensitively ("Username" or "username"). */
export function fieldMessages(error: ApiError | null, field: string): string[] {
  if (!error) return [];
  const key = Object.keys(error.fieldErrors).find((k) => k.toLowerCase() === field.toLowerCase());
  return key ? error.fieldErrors[key] : [];
}

function asProblem(body: unknown): ProblemDetails | null {
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return null;
    }
  }
  return body && typeof body === 'object' ? (body as ProblemDetails) : null;
}

function fallbackMessage(status: number): string {
  if (status === 401) return 'You are not signed in.';
  if (status === 403) return 'You are not allowed to do this.';
  if (status === 404) return 'Not found.';
  if (status === 412) return 'Someone else changed this in the meantime. Reload to see the latest.';
  if (status === 413) return 'The request is too large.';
  if (status === 428) return 'The change did not say which version it was based on. Reload and apply it again.';
  if (status === 429) return 'Too many attempts. Wait a moment and try again.';
  if (status >= 500) return `The server had a problem (${status}). Try again in a moment.`;
  return `The request failed (${status}).`;
}
