import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { SESSION_EXPIRED, SessionService } from '../core/session';
import { admin, alice, settle } from '../core/testing';
import { SignIn } from './sign-in';

describe('SignIn', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<SignIn>;
  let page: HTMLElement;
  let navigate: ReturnType<typeof vi.spyOn>;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [SignIn],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
  });

  afterEach(() => http.verify());

  async function render(): Promise<void> {
    fixture = TestBed.createComponent(SignIn);
    page = fixture.nativeElement;
    await fixture.whenStable();
  }

  function type(label: string, value: string): void {
    const id = [...page.querySelectorAll('label')].find((l) => l.textContent?.trim() === label)?.htmlFor;
    const input = page.querySelector<HTMLInputElement>(`#${id}`);
    if (!input) throw new Error(`no input labelled "${label}"`);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  async function submit(username: string, password: string): Promise<void> {
    type('Email', username);
    type('Password', password);
    page.querySelector('form')!.dispatchEvent(new Event('submit'));
    await settle(fixture);
  }

  async function answerLogin(body: object | null, status: number): Promise<void> {
    http.expectOne('/auth/login').flush(body, { status, statusText: 'x' });
    await settle(fixture);
  }

  const alertText = () => page.querySelector('[role=alert]')?.textContent?.trim();

  it('signs a tenant user in and opens the workspace', async () => {
    await render();
    await submit('alice@acme.test', 'Passw0rd!');
    const request = http.expectOne('/auth/login');
    expect(request.request.body).toEqual({ username: 'alice@acme.test', password: 'Passw0rd!' });
    request.flush(alice);
    await settle(fixture);
    expect(navigate).toHaveBeenCalledWith('/workspace');
  });

  it('opens the console for the admin', async () => {
    await render();
    await submit('admin@platform.test', 'Passw0rd!');
    await answerLogin(admin, 200);
    expect(navigate).toHaveBeenCalledWith('/console');
  });

  it('asks for both fields before calling the server', async () => {
    await render();
    await submit('  ', '');
    http.expectNone('/auth/login');
    expect(page.querySelector('#username-errors')?.textContent).toContain('Enter your email.');
    expect(page.querySelector('#password-errors')?.textContent).toContain('Enter your password.');
    expect(page.querySelector('#username')?.getAttribute('aria-invalid')).toBe('true');
  });

  it('says clearly when the credentials are wrong', async () => {
    await render();
    await submit('alice@acme.test', 'nope');
    await answerLogin({ title: 'Unauthorized', status: 401 }, 401);
    expect(alertText()).toBe('Wrong email or password.');
    expect(navigate).not.toHaveBeenCalled();
  });

  it('shows the server validation errors under their fields', async () => {
    await render();
    await submit('not-an-email', 'x');
    await answerLogin(
      { title: 'One or more validation errors occurred.', status: 400, errors: { Username: ['Use an email address.'] } },
      400,
    );
    expect(alertText()).toBe('One or more validation errors occurred.');
    expect(page.querySelector('#username-errors')?.textContent).toContain('Use an email address.');
  });

  it('explains too many attempts', async () => {
    await render();
    await submit('alice@acme.test', 'nope');
    await answerLogin({ title: 'Too Many Requests', detail: 'Too many sign-in attempts; wait 60 seconds.' }, 429);
    expect(alertText()).toBe('Too many sign-in attempts; wait 60 seconds.');
  });

  it('explains a server failure without leaking its details', async () => {
    await render();
    await submit('alice@acme.test', 'Passw0rd!');
    await answerLogin({ title: 'NullReferenceException', detail: 'at Platform.Login...' }, 500);
    expect(alertText()).toBe('Sign-in is not available right now (server error 500). Try again in a moment.');
  });

  it('explains a network failure', async () => {
    await render();
    await submit('alice@acme.test', 'Passw0rd!');
    http.expectOne('/auth/login').error(new ProgressEvent('error'));
    await settle(fixture);
    expect(alertText()).toContain('Cannot reach the server');
  });

  it('tells someone whose session expired why they are here', async () => {
    TestBed.inject(SessionService).expire();
    await render();
    expect(page.querySelector('[role=status]')?.textContent?.trim()).toBe(SESSION_EXPIRED);
  });
});
