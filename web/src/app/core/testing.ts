import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Session, SessionService } from './session';

export const alice: Session = {
  user: 'alice@acme.test',
  tenant: 'acme',
  ring: 'early',
  roles: [],
  versions: { contacts: 'v2', insights: 'v2' },
};

export const admin: Session = {
  user: 'admin@platform.test',
  tenant: null,
  ring: null,
  roles: ['admin'],
  versions: {},
};

/** Answers the session check as the server would: with a session, or 401 when given null. */
export async function startSession(session: Session | null): Promise<SessionService> {
  const service = TestBed.inject(SessionService);
  const http = TestBed.inject(HttpTestingController);
  const loading = service.load();
  const request = http.expectOne('/auth/session');
  if (session) request.flush(session);
  else request.flush({ title: 'Unauthorized', status: 401 }, { status: 401, statusText: 'Unauthorized' });
  await loading;
  return service;
}

/** Lets pending promise callbacks run, then renders: answers flushed by HttpTestingController land via promises. */
export async function settle(fixture: { whenStable(): Promise<unknown> }): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve));
  await fixture.whenStable();
}
