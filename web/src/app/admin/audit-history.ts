import { DatePipe } from '@angular/common';
import { Component, OnInit, inject, input, output, signal } from '@angular/core';
import { ApiError, toApiError } from '../core/api-error';
import { AuditApi, AuditEntry } from './audit-api';
import { EditStatus, EditStatusView } from './edit-status';

/** How many entries one "Load older" brings. */
export const auditPageSize = 20;

/**
 * The history of assignment changes, newest first, filtered by tenant, with a Revert button per entry.
 * A refused revert (409: changed again since) shows the server's message next to the button.
 */
@Component({
  selector: 'app-audit-history',
  imports: [DatePipe, EditStatusView],
  templateUrl: './audit-history.html',
})
export class AuditHistory implements OnInit {
  private readonly api = inject(AuditApi);

  /** Tenants to filter by. */
  readonly tenants = input<string[]>([]);
  /** A revert changed assignments: the page around this list should reload them. */
  readonly reverted = output<AuditEntry>();

  protected readonly entries = signal<AuditEntry[]>([]);
  protected readonly next = signal<string | null>(null);
  protected readonly tenant = signal('');
  protected readonly loading = signal(false);
  protected readonly loadError = signal<ApiError | null>(null);
  /** Outcome of each revert, keyed by entry id. */
  protected readonly statuses = signal<Record<number, EditStatus>>({});

  ngOnInit(): void {
    this.reload();
  }

  /** Loads the newest entries again (after a change made elsewhere in the console, too). */
  reload(): void {
    this.load(undefined);
  }

  filterByTenant(tenant: string): void {
    this.tenant.set(tenant);
    this.reload();
  }

  loadOlder(): void {
    const cursor = this.next();
    if (cursor) this.load(cursor);
  }

  revert(entry: AuditEntry): void {
    this.setStatus(entry.id, { kind: 'saving' });
    this.api.revert(entry).subscribe({
      next: (revert) => {
        this.entries.update((list) => [revert, ...list]);
        this.setStatus(entry.id, {
          kind: 'saved',
          message: `Reverted: ${this.describe(entry)} is ${this.value(revert.after)} again (entry #${revert.id}).`,
        });
        this.reverted.emit(revert);
      },
      error: (error) => {
        const problem = toApiError(error);
        this.setStatus(
          entry.id,
          problem.status === 409 || problem.status === 412
            ? { kind: 'conflict', message: problem.message }
            : { kind: 'error', message: problem.message, fieldErrors: problem.fieldErrors },
        );
      },
    });
  }

  protected describe(entry: AuditEntry): string {
    switch (entry.change) {
      case 'tenant-ring':
        return `ring of ${entry.tenant}`;
      case 'tenant-override':
        return `${entry.service} override of ${entry.tenant}`;
      default:
        return `${entry.service} version of ring ${entry.ring}`;
    }
  }

  protected value(value: string | null): string {
    return value ?? 'none';
  }

  private load(cursor: string | undefined): void {
    this.loading.set(true);
    this.loadError.set(null);
    const tenant = this.tenant() || undefined;
    this.api.list({ tenant, cursor, limit: auditPageSize }).subscribe({
      next: (page) => {
        this.entries.update((list) => (cursor ? [...list, ...page.entries] : page.entries));
        this.next.set(page.next);
        if (!cursor) this.statuses.set({});
        this.loading.set(false);
      },
      error: (error) => {
        this.loadError.set(toApiError(error));
        this.loading.set(false);
      },
    });
  }

  private setStatus(id: number, status: EditStatus): void {
    this.statuses.update((all) => ({ ...all, [id]: status }));
  }
}
