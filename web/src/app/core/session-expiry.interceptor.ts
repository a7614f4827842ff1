import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { SessionService } from './session';

/**
 * A 401 from any API call while we believe we are signed in means the session expired:
 * forget it and go to the sign-in page, which says so. /auth/** calls explain their own 401s.
 */
export const sessionExpiryInterceptor: HttpInterceptorFn = (req, next) => {
  const session = inject(SessionService);
  const router = inject(Router);
  return next(req).pipe(
    catchError((error: unknown) => {
      const isAuthCall = new URL(req.url, 'http://x').pathname.startsWith('/auth/');
      if (error instanceof HttpErrorResponse && error.status === 401 && !isAuthCall && session.session()) {
        session.expire();
        void router.navigateByUrl('/sign-in');
      }
      return throwError(() => error);
    }),
  );
};
