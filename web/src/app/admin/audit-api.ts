import { HttpClient, HttpHeaders, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

/** One assignment change as the server recorded it. */
export interface AuditEntry {
  id: number;
  /** ISO 8601, UTC. */
  at: string;
  admin: string;
  change: 'tenant-ring' | 'ring-version' | 'tenant-override';
  tenant: string | null;
  ring: string | null;
  service: string | null;
  /** Null: nothing (no override, or the ring did not name the service). */
  before: string | null;
  after: string | null;
  reason: string | null;
  /** The entry this change reverted, when it was a revert. */
  reverts: number | null;
}

/** Newest first; `next` is the cursor for older entries (null: there are none). */
export interface AuditPage {
  entries: AuditEntry[];
  next: string | null;
}

export interface AuditQuery {
  tenant?: string;
  cursor?: string;
  limit?: number;
}

/** The header every admin write may carry to say why; kept in the change's audit entry. */
export const changeReasonHeader = 'X-Change-Reason';

/**
 * The audit trail of assignment changes and its one-step revert. A revert is refused with 409 when the
 * thing was changed again since the entry; the ProblemDetails says so.
 */
@Injectable({ providedIn: 'root' })
export class AuditApi {
  private readonly http = inject(HttpClient);

  list(query: AuditQuery = {}): Observable<AuditPage> {
    let params = new HttpParams();
    if (query.tenant) params = params.set('tenant', query.tenant);
    if (query.cursor) params = params.set('cursor', query.cursor);
    if (query.limit) params = params.set('limit', query.limit);
    return this.http.get<AuditPage>('/admin/audit', { params });
  }

  revert(entry: AuditEntry, reason?: string): Observable<AuditEntry> {
    return this.http.post<AuditEntry>(`/admin/audit/${entry.id}/revert`, null, withReason(reason));
  }
}

/** Header values are ASCII: the reason goes percent-encoded (UTF-8), as the server expects. */
export function withReason(reason?: string): { headers?: HttpHeaders } {
  const trimmed = reason?.trim();
  return trimmed
    ? { headers: new HttpHeaders({ [changeReasonHeader]: encodeURIComponent(trimmed) }) }
    : {};
}
