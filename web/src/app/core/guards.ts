import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { SessionService } from './session';

/** Sends "/" to the right start page for whoever is (or is not) signed in. */
export const homeGuard: CanActivateFn = async () => {
  const session = inject(SessionService);
  const router = inject(Router);
  await session.load();
  return router.parseUrl(session.homeUrl());
};

/** The sign-in page is for people who are not signed in. */
export const signedOutGuard: CanActivateFn = async () => {
  const session = inject(SessionService);
  const router = inject(Router);
  await session.load();
  return session.session() ? router.parseUrl(session.homeUrl()) : true;
};

/** The workspace needs a signed-in tenant user; the platform admin (no tenant) goes to the console. */
export const workspaceGuard: CanActivateFn = async () => {
  const session = inject(SessionService);
  const router = inject(Router);
  await session.load();
  if (!session.session()) return router.parseUrl('/sign-in');
  return session.homeUrl() === '/workspace' ? true : router.parseUrl(session.homeUrl());
};

/** The admin console is for admins only. */
export const adminGuard: CanActivateFn = async () => {
  const session = inject(SessionService);
  const router = inject(Router);
  await session.load();
  if (!session.session()) return router.parseUrl('/sign-in');
  return session.isAdmin() ? true : router.parseUrl(session.homeUrl());
};
