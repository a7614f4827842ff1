import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { adminGuard, homeGuard, signedOutGuard, workspaceGuard } from './guards';
import { Session } from './session';
import { admin, alice, startSession } from './testing';

@Component({ template: '' })
class Page {}

describe('route guards', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: '', pathMatch: 'full', canActivate: [homeGuard], children: [] },
          { path: 'sign-in', component: Page, canActivate: [signedOutGuard] },
          { path: 'workspace', component: Page, canActivate: [workspaceGuard] },
          { path: 'console', component: Page, canActivate: [adminGuard] },
        ]),
      ],
    });
  });

  async function landOn(url: string, session: Session | null): Promise<string> {
    await startSession(session);
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    return TestBed.inject(Router).url;
  }

  it('sends signed-out people to sign in', async () => {
    expect(await landOn('/workspace', null)).toBe('/sign-in');
  });

  it('keeps signed-out people out of the console', async () => {
    expect(await landOn('/console', null)).toBe('/sign-in');
  });

  it('starts tenant users in the workspace', async () => {
    expect(await landOn('/', alice)).toBe('/workspace');
  });

  it('keeps tenant users out of the admin console', async () => {
    expect(await landOn('/console', alice)).toBe('/workspace');
  });

  it('sends the admin (no tenant) from the workspace to the console', async () => {
    expect(await landOn('/workspace', admin)).toBe('/console');
  });

  it('lets the admin into the console', async () => {
    expect(await landOn('/console', admin)).toBe('/console');
  });

  it('skips the sign-in page for someone already signed in', async () => {
    expect(await landOn('/sign-in', alice)).toBe('/workspace');
  });
});
