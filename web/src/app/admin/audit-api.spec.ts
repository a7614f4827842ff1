import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { AuditApi, AuditEntry } from './audit-api';

const entry: AuditEntry = {
  id: 12,
  at: '2026-11-29T12:00:00+00:00',
  admin: 'admin@platform.test',
  change: 'tenant-ring',
  tenant: 'globex',
  ring: null,
  service: null,
  before: 'stable',
  after: 'early',
  reason: 'pilot',
  reverts: null,
};

describe('AuditApi', () => {
  let http: HttpTestingController;
  let api: AuditApi;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    api = TestBed.inject(AuditApi);
  });

  afterEach(() => http.verify());

  it('lists the newest entries, with only the filters given', async () => {
    const listing = firstValueFrom(api.list());
    const request = http.expectOne('/admin/audit');
    expect(request.request.method).toBe('GET');
    request.flush({ entries: [entry], next: null });
    expect((await listing).entries).toEqual([entry]);
  });

  it('passes tenant, cursor and limit as query parameters', () => {
    api.list({ tenant: 'acme', cursor: '40', limit: 20 }).subscribe();
    http
      .expectOne('/admin/audit?tenant=acme&cursor=40&limit=20')
      .flush({ entries: [], next: null });
  });

  it('reverts by id, with the reason percent-encoded in X-Change-Reason', () => {
    api.revert(entry, ' Müller: rollback ').subscribe();
    const request = http.expectOne('/admin/audit/12/revert');
    expect(request.request.method).toBe('POST');
    expect(request.request.headers.get('X-Change-Reason')).toBe('M%C3%BCller%3A%20rollback');
    request.flush({ ...entry, id: 13, reverts: 12 });
  });

  it('sends no reason header without a reason', () => {
    api.revert(entry).subscribe();
    const request = http.expectOne('/admin/audit/12/revert');
    expect(request.request.headers.has('X-Change-Reason')).toBe(false);
    request.flush({ ...entry, id: 13, reverts: 12 });
  });
});
