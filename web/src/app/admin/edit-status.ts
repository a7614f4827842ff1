import { Component, input, output } from '@angular/core';

/** The outcome of one admin edit, shown next to the control that made it. */
export type EditStatus =
  | { kind: 'saving' }
  | { kind: 'saved'; message: string }
  | { kind: 'error'; message: string; fieldErrors: Record<string, string[]> }
  | { kind: 'conflict'; message: string };

@Component({
  selector: 'app-edit-status',
  template: `
    @switch (status()?.kind) {
      @case ('saving') {
        <p class="status muted" role="status">Saving…</p>
      }
      @case ('saved') {
        <p class="status ok" role="status">{{ message() }}</p>
      }
      @case ('error') {
        <div class="status error" role="alert">
          <p>{{ message() }}</p>
          @if (fieldLines().length) {
            <ul>
              @for (line of fieldLines(); track line) {
                <li>{{ line }}</li>
              }
            </ul>
          }
        </div>
      }
      @case ('conflict') {
        <div class="status error" role="alert">
          <p>{{ message() }}</p>
          <button type="button" (click)="reload.emit()">Reload</button>
        </div>
      }
    }
  `,
})
export class EditStatusView {
  readonly status = input<EditStatus | undefined>();
  readonly reload = output<void>();

  protected message(): string {
    const status = this.status();
    return status && 'message' in status ? status.message : '';
  }

  protected fieldLines(): string[] {
    const status = this.status();
    if (status?.kind !== 'error') return [];
    return Object.entries(status.fieldErrors).flatMap(([field, messages]) =>
      messages.map((m) => (field ? `${field}: ${m}` : m)),
    );
  }
}
