import { HttpClient, HttpHeaders } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

/** Deployed versions of each service. */
export interface Matrix {
  services: Record<string, string[]>;
}

export interface Ring {
  ring: string;
  versions: Record<string, string>;
  etag: string;
}

export interface Tenant {
  tenant: string;
  ring: string;
  /** Versions pinned for this tenant regardless of its ring. */
  overrides: Record<string, string>;
  /** What a new sign-in gets: the override, else the ring's version. */
  versions: Record<string, string>;
  etag: string;
}

/** What a re-pin asked for: the tenants whose sessions issued before `issuedBefore` move on their next request. */
export interface RepinResult {
  tenants: string[];
  issuedBefore: string;
}

/**
 * The admin API. Every write must send the etag the console last saw as If-Match (the server answers 428
 * without one), so a change made by someone else in between comes back as 412 instead of being overwritten.
 */
@Injectable({ providedIn: 'root' })
export class AdminApi {
  private readonly http = inject(HttpClient);

  matrix(): Observable<Matrix> {
    return this.http.get<Matrix>('/admin/matrix');
  }

  rings(): Observable<Ring[]> {
    return this.http.get<Ring[]>('/admin/rings');
  }

  tenants(): Observable<Tenant[]> {
    return this.http.get<Tenant[]>('/admin/tenants');
  }

  setTenantRing(tenant: Tenant, ring: string): Observable<Tenant> {
    const url = `/admin/tenants/${seg(tenant.tenant)}/ring`;
    return this.http.put<Tenant>(url, { ring }, ifMatch(tenant.etag));
  }

  setRingVersion(ring: Ring, service: string, version: string): Observable<Ring> {
    const url = `/admin/rings/${seg(ring.ring)}/versions/${seg(service)}`;
    return this.http.put<Ring>(url, { version }, ifMatch(ring.etag));
  }

  setOverride(tenant: Tenant, service: string, version: string): Observable<Tenant> {
    const url = `/admin/tenants/${seg(tenant.tenant)}/overrides/${seg(service)}`;
    return this.http.put<Tenant>(url, { version }, ifMatch(tenant.etag));
  }

  clearOverride(tenant: Tenant, service: string): Observable<Tenant> {
    const url = `/admin/tenants/${seg(tenant.tenant)}/overrides/${seg(service)}`;
    return this.http.delete<Tenant>(url, ifMatch(tenant.etag));
  }

  /** Moves the tenant's open sessions to its current versions on their next request (no etag: it changes no setting). */
  repinTenant(tenant: string): Observable<RepinResult> {
    return this.http.post<RepinResult>(`/admin/tenants/${seg(tenant)}/repin`, null);
  }

  /** The same for every tenant on the ring. */
  repinRing(ring: string): Observable<RepinResult> {
    return this.http.post<RepinResult>(`/admin/rings/${seg(ring)}/repin`, null);
  }
}

const seg = encodeURIComponent;

function ifMatch(etag: string): { headers: HttpHeaders } {
  return { headers: new HttpHeaders({ 'If-Match': etag }) };
}
