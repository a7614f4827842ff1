import { HttpErrorResponse } from '@angular/common/http';
import { fieldMessages, toApiError } from './api-error';

describe('toApiError', () => {
  it('shows the problem detail when there is one', () => {
    const error = new HttpErrorResponse({
      status: 404,
      error: { title: 'Not Found', detail: 'No tenant "nope".' },
    });
    expect(toApiError(error)).toEqual({ status: 404, message: 'No tenant "nope".', fieldErrors: {} });
  });

  it('falls back to the title, and keeps validation errors per field', () => {
    const error = new HttpErrorResponse({
      status: 400,
      error: { title: 'One or more validation errors occurred.', errors: { version: ['Unknown version v9.'] } },
    });
    const result = toApiError(error);
    expect(result.message).toBe('One or more validation errors occurred.');
    expect(result.fieldErrors).toEqual({ version: ['Unknown version v9.'] });
  });

  it('reads a problem sent as text', () => {
    const error = new HttpErrorResponse({ status: 412, error: '{"detail":"Changed by someone else."}' });
    expect(toApiError(error).message).toBe('Changed by someone else.');
  });

  it('explains a network failure', () => {
    const error = new HttpErrorResponse({ status: 0, error: new ProgressEvent('error') });
    expect(toApiError(error).message).toContain('Cannot reach the server');
  });

  it('says something useful for statuses without a body', () => {
    expect(toApiError(new HttpErrorResponse({ status: 429 })).message).toContain('Too many attempts');
    expect(toApiError(new HttpErrorResponse({ status: 502 })).message).toContain('server had a problem (502)');
    expect(toApiError(new HttpErrorResponse({ status: 412 })).message).toContain('Reload');
    expect(toApiError(new HttpErrorResponse({ status: 428 })).message).toContain('Reload');
  });

  it('does not pretend a page bug is a server answer', () => {
    expect(toApiError(new TypeError('x is undefined')).message).toContain('Something went wrong in the page');
  });
});

describe('fieldMessages', () => {
  it('matches field names case-insensitively', () => {
    const error = { status: 400, message: '', fieldErrors: { Username: ['Required.'] } };
    expect(fieldMessages(error, 'username')).toEqual(['Required.']);
    expect(fieldMessages(error, 'password')).toEqual([]);
    expect(fieldMessages(null, 'username')).toEqual([]);
  });
});
