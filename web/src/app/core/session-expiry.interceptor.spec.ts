import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { SESSION_EXPIRED, SessionService } from './session';
import { sessionExpiryInterceptor } from './session-expiry.interceptor';
import { alice } from './testing';

describe('sessionExpiryInterceptor', () => {
  let http: HttpTestingController;
  let client: HttpClient;
  let session: SessionService;
  let navigate: ReturnType<typeof vi.spyOn>;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([sessionExpiryInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    client = TestBed.inject(HttpClient);
    session = TestBed.inject(SessionService);
    navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
  });

  afterEach(() => http.verify());

  async function callAndFail(url: string, status: number): Promise<unknown> {
    const call = firstValueFrom(client.get(url)).catch((e: unknown) => e);
    http.expectOne(url).flush({ title: 'x' }, { status, statusText: 'x' });
    return call;
  }

  it('sends a signed-in person to sign in again when an API call gets 401', async () => {
    session.session.set(alice);
    const error = await callAndFail('/api/contacts/contacts', 401);
    expect(error).toMatchObject({ status: 401 }); // the caller still sees the failure
    expect(session.session()).toBeNull();
    expect(session.notice()).toBe(SESSION_EXPIRED);
    expect(navigate).toHaveBeenCalledWith('/sign-in');
  });

  it('leaves 401 from /auth/ calls to their callers', async () => {
    session.session.set(alice);
    await callAndFail('/auth/login', 401);
    expect(session.session()).toEqual(alice);
    expect(navigate).not.toHaveBeenCalled();
  });

  it('does nothing when nobody was signed in', async () => {
    await callAndFail('/admin/tenants', 401);
    expect(session.notice()).toBeNull();
    expect(navigate).not.toHaveBeenCalled();
  });

  it('does not treat other failures as an expired session', async () => {
    session.session.set(alice);
    await callAndFail('/api/contacts/contacts', 500);
    await callAndFail('/admin/tenants', 403);
    expect(session.session()).toEqual(alice);
    expect(navigate).not.toHaveBeenCalled();
  });
});
