import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

/** One deployed version as GET /admin/versions reports it. */
export interface VersionDrain {
  service: string;
  version: string;
  appId: string;
  /** In rotation at the gateways (null when no gateway reports it, e.g. in Dapr mode) of those deployed. */
  instances: { healthy: number | null; total: number };
  /** Sessions issued, not expired and not signed out, pinned to this version. */
  openSessions: number;
  /** Tenants whose new sign-ins get this version. */
  tenants: string[];
  /** When a request last reached it (ISO 8601), or null if none was seen. */
  lastRequest: string | null;
  /** No open session and no tenant: the version can be taken out of the matrix. */
  retirable: boolean;
}

/** The drain view: what still uses each deployed version. Read-only. */
@Injectable({ providedIn: 'root' })
export class DrainApi {
  private readonly http = inject(HttpClient);

  versions(): Observable<VersionDrain[]> {
    return this.http.get<VersionDrain[]>('/admin/versions');
  }
}
