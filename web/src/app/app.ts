import { Component, inject, signal } from '@angular/core';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { toApiError } from './core/api-error';
import { ServedByLog } from './core/served-by';
import { SessionService } from './core/session';

/** The page frame: who is signed in, where they can go, and signing out. */
@Component({
  selector: 'app-root',
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  templateUrl: './app.html',
})
export class App {
  private readonly sessions = inject(SessionService);
  private readonly servedBy = inject(ServedByLog);
  private readonly router = inject(Router);

  protected readonly session = this.sessions.session;
  protected readonly isAdmin = this.sessions.isAdmin;
  protected readonly signOutError = signal<string | null>(null);

  async signOut(): Promise<void> {
    this.signOutError.set(null);
    try {
      await this.sessions.logout();
      this.servedBy.clear();
      await this.router.navigateByUrl('/sign-in');
    } catch (error) {
      this.signOutError.set(`Could not sign out: ${toApiError(error).message}`);
    }
  }
}
