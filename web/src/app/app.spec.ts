import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { App } from './app';
import { ServedByLog } from './core/served-by';
import { admin, alice, settle, startSession } from './core/testing';

describe('App shell', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [App],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  async function render() {
    const fixture = TestBed.createComponent(App);
    await fixture.whenStable();
    return { fixture, page: fixture.nativeElement as HTMLElement };
  }

  function buttonNamed(page: HTMLElement, name: string): HTMLButtonElement {
    const button = [...page.querySelectorAll('button')].find((b) => b.textContent?.trim() === name);
    if (!button) throw new Error(`no button "${name}"`);
    return button;
  }

  it('shows no navigation to someone signed out', async () => {
    await startSession(null);
    const { page } = await render();
    expect(page.querySelector('nav')).toBeNull();
    expect(page.textContent).not.toContain('Sign out');
  });

  it('shows a tenant user who they are and only the workspace link', async () => {
    await startSession(alice);
    const { page } = await render();
    expect(page.textContent).toContain('alice@acme.test');
    expect(page.textContent).toContain('acme · ring early');
    const links = [...page.querySelectorAll('nav a')].map((a) => a.textContent?.trim());
    expect(links).toEqual(['Workspace']);
  });

  it('shows the admin the console link only', async () => {
    await startSession(admin);
    const { page } = await render();
    const links = [...page.querySelectorAll('nav a')].map((a) => a.textContent?.trim());
    expect(links).toEqual(['Admin console']);
  });

  it('signs out, forgets the served-by history and goes to the sign-in page', async () => {
    await startSession(alice);
    const log = TestBed.inject(ServedByLog);
    log.record('GET /api/contacts/contacts', { service: 'contacts', version: 'v2', instance: 'contacts-v2-1' });
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    const { fixture, page } = await render();

    buttonNamed(page, 'Sign out').click();
    http.expectOne('/auth/logout').flush(null, { status: 204, statusText: 'No Content' });
    await settle(fixture);

    expect(navigate).toHaveBeenCalledWith('/sign-in');
    expect(log.entries()).toEqual([]);
    expect(page.textContent).not.toContain('alice@acme.test');
  });

  it('says so when signing out fails, and stays signed in', async () => {
    await startSession(alice);
    const { fixture, page } = await render();

    buttonNamed(page, 'Sign out').click();
    http.expectOne('/auth/logout').flush({ title: 'Boom' }, { status: 500, statusText: 'Server Error' });
    await settle(fixture);

    expect(page.querySelector('[role=alert]')?.textContent).toContain('Could not sign out: Boom');
    expect(page.textContent).toContain('alice@acme.test');
  });
});
