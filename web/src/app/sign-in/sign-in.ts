import { Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import { ApiError, fieldMessages, toApiError } from '../core/api-error';
import { ServedByLog } from '../core/served-by';
import { SessionService } from '../core/session';

@Component({
  selector: 'app-sign-in',
  imports: [ReactiveFormsModule],
  templateUrl: './sign-in.html',
})
export class SignIn {
  private readonly session = inject(SessionService);
  private readonly servedBy = inject(ServedByLog);
  private readonly router = inject(Router);

  protected readonly form = new FormGroup({
    username: new FormControl('', { nonNullable: true }),
    password: new FormControl('', { nonNullable: true }),
  });
  protected readonly notice = this.session.notice;
  protected readonly busy = signal(false);
  protected readonly error = signal<ApiError | null>(null);

  protected fieldErrors(field: 'username' | 'password'): string[] {
    return fieldMessages(this.error(), field);
  }

  async submit(): Promise<void> {
    if (this.busy()) return;
    const { username, password } = this.form.getRawValue();
    const missing: Record<string, string[]> = {};
    if (!username.trim()) missing['username'] = ['Enter your email.'];
    if (!password) missing['password'] = ['Enter your password.'];
    if (Object.keys(missing).length) {
      this.error.set({ status: 0, message: 'Fill in both fields.', fieldErrors: missing });
      return;
    }

    this.busy.set(true);
    this.error.set(null);
    try {
      await this.session.login(username.trim(), password);
      this.servedBy.clear();
      await this.router.navigateByUrl(this.session.homeUrl());
    } catch (error) {
      this.error.set(explain(toApiError(error)));
    } finally {
      this.busy.set(false);
    }
  }
}

/** Sign-in specific wording for the statuses a person can run into. */
function explain(error: ApiError): ApiError {
  if (error.status === 401) return { ...error, message: 'Wrong email or password.' };
  if (error.status >= 500) {
    return { ...error, message: `Sign-in is not available right now (server error ${error.status}). Try again in a moment.` };
  }
  return error;
}
