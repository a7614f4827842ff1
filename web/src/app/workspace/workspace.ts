import { Component, OnInit, computed, inject, signal } from '@angular/core';
import { ApiError, toApiError } from '../core/api-error';
import { SessionService } from '../core/session';
import { ServedByPanel } from './served-by-panel';
import { Contact, ContactList, Score, WorkspaceApi } from './workspace-api';

@Component({
  selector: 'app-workspace',
  imports: [ServedByPanel],
  templateUrl: './workspace.html',
})
export class Workspace implements OnInit {
  private readonly api = inject(WorkspaceApi);
  protected readonly session = inject(SessionService).session;

  protected readonly list = signal<ContactList | null>(null);
  protected readonly listError = signal<ApiError | null>(null);
  protected readonly loadingList = signal(false);
  /** v2 of the contacts service adds fields; show their columns only when they are there. */
  protected readonly hasV2Fields = computed(() =>
    (this.list()?.items ?? []).some((c) => c.phone !== undefined || c.lifecycleStage !== undefined),
  );

  protected readonly selected = signal<Contact | null>(null);
  protected readonly score = signal<Score | null>(null);
  protected readonly scoreError = signal<ApiError | null>(null);
  protected readonly loadingScore = signal(false);

  protected readonly pinned = computed(() =>
    Object.entries(this.session()?.versions ?? {}).map(([service, version]) => `${service} ${version}`),
  );

  ngOnInit(): void {
    this.loadContacts();
  }

  loadContacts(): void {
    this.loadingList.set(true);
    this.listError.set(null);
    this.api.contacts().subscribe({
      next: (list) => {
        this.list.set(list);
        this.loadingList.set(false);
      },
      error: (error) => {
        this.listError.set(toApiError(error));
        this.loadingList.set(false);
      },
    });
  }

  select(contact: Contact): void {
    this.selected.set(contact);
    this.score.set(null);
    this.scoreError.set(null);
    this.loadingScore.set(true);
    this.api.score(contact.id).subscribe({
      next: (score) => {
        if (this.selected() !== contact) return; // another contact was picked meanwhile
        this.score.set(score);
        this.loadingScore.set(false);
      },
      error: (error) => {
        if (this.selected() !== contact) return;
        this.scoreError.set(toApiError(error));
        this.loadingScore.set(false);
      },
    });
  }
}
