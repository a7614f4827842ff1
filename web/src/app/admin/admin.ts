import { Component, OnInit, computed, inject, signal, viewChild } from '@angular/core';
import { Observable, forkJoin } from 'rxjs';
import { ApiError, toApiError } from '../core/api-error';
import { AdminApi, RepinResult, Ring, Tenant } from './admin-api';
import { DrainView } from './drain/drain-view';
import { AuditHistory } from './audit-history';
import { EditStatus, EditStatusView } from './edit-status';

/** The console where an admin decides which versions tenants get at their next sign-in, and moves open sessions. */
@Component({
  selector: 'app-admin',
  imports: [EditStatusView, DrainView, AuditHistory],
  templateUrl: './admin.html',
})
export class Admin implements OnInit {
  private readonly api = inject(AdminApi);

  protected readonly services = signal<string[]>([]);
  protected readonly deployed = signal<Record<string, string[]>>({});
  protected readonly rings = signal<Ring[]>([]);
  protected readonly tenants = signal<Tenant[]>([]);
  protected readonly loading = signal(false);
  protected readonly loadError = signal<ApiError | null>(null);
  /** Outcome of each edit, keyed by what was edited (see the *Key helpers). */
  protected readonly statuses = signal<Record<string, EditStatus>>({});
  protected readonly tenantNames = computed(() => this.tenants().map((t) => t.tenant));
  private readonly history = viewChild(AuditHistory);

  ngOnInit(): void {
    this.reload();
  }

  reload(): void {
    this.loading.set(true);
    this.loadError.set(null);
    forkJoin({ matrix: this.api.matrix(), rings: this.api.rings(), tenants: this.api.tenants() }).subscribe({
      next: ({ matrix, rings, tenants }) => {
        this.services.set(Object.keys(matrix.services).sort());
        this.deployed.set(matrix.services);
        this.rings.set(rings);
        this.tenants.set(tenants);
        this.statuses.set({});
        this.loading.set(false);
      },
      error: (error) => {
        this.loadError.set(toApiError(error));
        this.loading.set(false);
      },
    });
  }

  protected ringKey(tenant: Tenant): string {
    return `tenant:${tenant.tenant}:ring`;
  }

  protected overrideKey(tenant: Tenant, service: string): string {
    return `tenant:${tenant.tenant}:${service}`;
  }

  protected ringVersionKey(ring: Ring, service: string): string {
    return `ring:${ring.ring}:${service}`;
  }

  protected tenantRepinKey(tenant: Tenant): string {
    return `tenant:${tenant.tenant}:repin`;
  }

  protected ringRepinKey(ring: Ring): string {
    return `ring:${ring.ring}:repin`;
  }

  repinTenant(tenant: Tenant): void {
    this.repin(this.tenantRepinKey(tenant), this.api.repinTenant(tenant.tenant), (result) =>
      `Re-pin requested. Open sessions of ${result.tenants.join(', ')} move to ${describe(tenant.versions)} on their next request.`,
    );
  }

  repinRing(ring: Ring): void {
    this.repin(this.ringRepinKey(ring), this.api.repinRing(ring.ring), (result) =>
      result.tenants.length
        ? `Re-pin requested. Open sessions of ${result.tenants.join(', ')} move to their current versions on their next request.`
        : `No tenant is on ring ${ring.ring}: there is nothing to re-pin.`,
    );
  }

  /** Like an edit's outcome, but a re-pin changes no setting, so the change history stays as it is. */
  private repin(key: string, call: Observable<RepinResult>, done: (result: RepinResult) => string): void {
    this.setStatus(key, { kind: 'saving' });
    call.subscribe({
      next: (result) => this.setStatus(key, { kind: 'saved', message: done(result) }),
      error: (error) => {
        const problem = toApiError(error);
        this.setStatus(key, { kind: 'error', message: problem.message, fieldErrors: problem.fieldErrors });
      },
    });
  }

  changeTenantRing(tenant: Tenant, ring: string): void {
    this.save(this.ringKey(tenant), this.api.setTenantRing(tenant, ring), (updated) => {
      this.replaceTenant(updated);
      return `Saved. New sign-ins of ${updated.tenant} get ${describe(updated.versions)}.`;
    });
  }

  /** An empty version clears the override, so the tenant follows its ring again. */
  changeOverride(tenant: Tenant, service: string, version: string): void {
    const call = version
      ? this.api.setOverride(tenant, service, version)
      : this.api.clearOverride(tenant, service);
    this.save(this.overrideKey(tenant, service), call, (updated) => {
      this.replaceTenant(updated);
      return `Saved. New sign-ins of ${updated.tenant} get ${service} ${updated.versions[service]}.`;
    });
  }

  changeRingVersion(ring: Ring, service: string, version: string): void {
    this.save(this.ringVersionKey(ring, service), this.api.setRingVersion(ring, service, version), (updated) => {
      this.rings.update((list) => list.map((r) => (r.ring === updated.ring ? updated : r)));
      this.refreshTenants(); // tenants on this ring now get other effective versions
      return `Saved. New sign-ins on ring ${updated.ring} get ${service} ${updated.versions[service]}.`;
    });
  }

  private save<T>(key: string, call: Observable<T>, applied: (result: T) => string): void {
    this.setStatus(key, { kind: 'saving' });
    call.subscribe({
      next: (result) => {
        this.setStatus(key, { kind: 'saved', message: applied(result) });
        this.history()?.reload(); // the change is the history's newest entry now
      },
      error: (error) => {
        const problem = toApiError(error);
        this.setStatus(
          key,
          problem.status === 412
            ? { kind: 'conflict', message: problem.message }
            : { kind: 'error', message: problem.message, fieldErrors: problem.fieldErrors },
        );
      },
    });
  }

  private setStatus(key: string, status: EditStatus): void {
    this.statuses.update((all) => ({ ...all, [key]: status }));
  }

  private replaceTenant(updated: Tenant): void {
    this.tenants.update((list) => list.map((t) => (t.tenant === updated.tenant ? updated : t)));
  }

  private refreshTenants(): void {
    this.api.tenants().subscribe({
      next: (tenants) => this.tenants.set(tenants),
      error: (error) => this.loadError.set(toApiError(error)),
    });
  }
}

function describe(versions: Record<string, string>): string {
  return Object.entries(versions)
    .map(([service, version]) => `${service} ${version}`)
    .join(', ');
}
