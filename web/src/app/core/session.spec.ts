import { HttpErrorResponse, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { SESSION_EXPIRED, SessionService } from './session';
import { admin, alice, startSession } from './testing';

describe('SessionService', () => {
  let http: HttpTestingController;
  let service: SessionService;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    service = TestBed.inject(SessionService);
  });

  afterEach(() => http.verify());

  it('takes the session the server still holds', async () => {
    await startSession(alice);
    expect(service.session()).toEqual(alice);
    expect(service.homeUrl()).toBe('/workspace');
    expect(service.isAdmin()).toBe(false);
  });

  it('treats 401 on the session check as simply signed out', async () => {
    await startSession(null);
    expect(service.session()).toBeNull();
    expect(service.notice()).toBeNull();
    expect(service.homeUrl()).toBe('/sign-in');
  });

  it('says so when the session check fails for another reason', async () => {
    const loading = service.load();
    http.expectOne('/auth/session').error(new ProgressEvent('error'));
    await loading;
    expect(service.session()).toBeNull();
    expect(service.notice()).toContain('Cannot reach the server');
  });

  it('asks the server only once per page load', async () => {
    await startSession(alice);
    await service.load();
    http.expectNone('/auth/session');
  });

  it('signs in with the given credentials and sends admins to the console', async () => {
    const signingIn = service.login('admin@platform.test', 'Passw0rd!');
    const request = http.expectOne('/auth/login');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ username: 'admin@platform.test', password: 'Passw0rd!' });
    request.flush(admin);
    await signingIn;
    expect(service.isAdmin()).toBe(true);
    expect(service.homeUrl()).toBe('/console');
  });

  it('rejects a failed sign-in with the server response and stays signed out', async () => {
    const signingIn = service.login('alice@acme.test', 'wrong');
    http.expectOne('/auth/login').flush({ title: 'Unauthorized' }, { status: 401, statusText: 'Unauthorized' });
    await expect(signingIn).rejects.toBeInstanceOf(HttpErrorResponse);
    expect(service.session()).toBeNull();
  });

  it('signs out, and counts an already ended session as signed out', async () => {
    await startSession(alice);
    const first = service.logout();
    const request = http.expectOne('/auth/logout');
    expect(request.request.method).toBe('POST');
    // A JSON body (application/json): the server refuses a sign-out a cross-site form could send.
    expect(request.request.body).toEqual({});
    expect(request.request.detectContentTypeHeader()).toBe('application/json');
    request.flush(null, { status: 204, statusText: 'No Content' });
    await first;
    expect(service.session()).toBeNull();

    service.session.set(alice);
    const second = service.logout();
    http.expectOne('/auth/logout').flush(null, { status: 401, statusText: 'Unauthorized' });
    await second;
    expect(service.session()).toBeNull();
  });

  it('keeps the session when signing out could not reach the server', async () => {
    await startSession(alice);
    const signingOut = service.logout();
    http.expectOne('/auth/logout').error(new ProgressEvent('error'));
    await expect(signingOut).rejects.toBeInstanceOf(HttpErrorResponse);
    expect(service.session()).toEqual(alice);
  });

  it('forgets an expired session and leaves a message for the sign-in page', async () => {
    await startSession(alice);
    service.expire();
    expect(service.session()).toBeNull();
    expect(service.notice()).toBe(SESSION_EXPIRED);
  });
});
