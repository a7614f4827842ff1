import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { toApiError } from './api-error';

/** The signed-in person, as /auth/login and /auth/session describe them. */
export interface Session {
  user: string;
  tenant: string | null;
  ring: string | null;
  roles: string[];
  versions: Record<string, string>;
}

export const SESSION_EXPIRED = 'Your session expired, sign in again.';

/** Who is signed in. The session cookie is HttpOnly, so the server's answers are the only source. */
@Injectable({ providedIn: 'root' })
export class SessionService {
  private readonly http = inject(HttpClient);
  private loading: Promise<void> | null = null;

  readonly session = signal<Session | null>(null);
  /** A message for the sign-in page, e.g. why the person was sent there. */
  readonly notice = signal<string | null>(null);
  readonly isAdmin = computed(() => this.session()?.roles.includes('admin') ?? false);

  /** Asks the server once per page load whether the cookie still holds a session. Never throws. */
  load(): Promise<void> {
    this.loading ??= firstValueFrom(this.http.get<Session>('/auth/session')).then(
      (session) => this.session.set(session),
      (error: unknown) => {
        this.session.set(null);
        if (!(error instanceof HttpErrorResponse && error.status === 401)) {
          this.notice.set(toApiError(error).message);
        }
      },
    );
    return this.loading;
  }

  /** Signs in; a failed call rejects with the HttpErrorResponse for the caller to explain. */
  async login(username: string, password: string): Promise<Session> {
    const session = await firstValueFrom(
      this.http.post<Session>('/auth/login', { username, password }),
    );
    this.loading = Promise.resolve();
    this.session.set(session);
    this.notice.set(null);
    return session;
  }

  /**
   * Signs out. A 401 means the session was already gone, which is the wanted outcome. The JSON body is required by
   * the server: a cross-site form cannot send one, so no other site can sign the user out.
   */
  async logout(): Promise<void> {
    try {
      await firstValueFrom(this.http.post<void>('/auth/logout', {}));
    } catch (error) {
      if (!(error instanceof HttpErrorResponse && error.status === 401)) throw error;
    }
    this.session.set(null);
    this.notice.set(null);
  }

  /** The server answered 401 while we believed we were signed in. */
  expire(): void {
    this.session.set(null);
    this.notice.set(SESSION_EXPIRED);
  }

  /** Where a signed-in person starts: admins in the console, everyone else in the workspace. */
  homeUrl(): string {
    const session = this.session();
    if (!session) return '/sign-in';
    return !session.tenant && this.isAdmin() ? '/console' : '/workspace';
  }
}
