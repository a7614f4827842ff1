import { provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  TestRequest,
  provideHttpClientTesting,
} from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { settle } from '../core/testing';
import { AuditEntry, AuditPage } from './audit-api';
import { AuditHistory } from './audit-history';

const moved: AuditEntry = {
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
const override: AuditEntry = {
  ...moved,
  id: 11,
  change: 'tenant-override',
  tenant: 'acme',
  service: 'insights',
  before: null,
  after: 'v1',
  reason: null,
};

describe('Change history', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<AuditHistory>;
  let page: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [AuditHistory],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AuditHistory);
    fixture.componentRef.setInput('tenants', ['acme', 'globex']);
    page = fixture.nativeElement;
    await fixture.whenStable();
    await answer(http.expectOne('/admin/audit?limit=20'), {
      entries: [moved, override],
      next: '11',
    });
  });

  afterEach(() => http.verify());

  async function answer(request: TestRequest, body: object, status = 200): Promise<void> {
    request.flush(body, { status, statusText: 'x' });
    await settle(fixture);
  }

  const rows = () => [...page.querySelectorAll<HTMLElement>('tbody tr')];
  const row = (id: number) => page.querySelector<HTMLElement>(`tr[data-entry="${id}"]`)!;
  const buttonLabelled = (text: string) =>
    [...page.querySelectorAll('button')].find((b) => b.textContent?.trim() === text)!;

  it('lists entries newest first with who, what, before, after and reason', () => {
    expect(rows().map((r) => r.dataset['entry'])).toEqual(['12', '11']);
    const text = row(12).textContent!;
    expect(text).toContain('admin@platform.test');
    expect(text).toContain('ring of globex');
    expect(text).toContain('stable → early');
    expect(text).toContain('pilot');
    expect(row(12).querySelector('time')?.getAttribute('datetime')).toBe(moved.at);
    expect(row(11).textContent).toContain('insights override of acme');
    expect(row(11).textContent).toContain('none → v1');
  });

  it('filters by tenant, asking the server again', async () => {
    const select = page.querySelector<HTMLSelectElement>('#history-tenant')!;
    expect([...select.options].map((o) => o.value)).toEqual(['', 'acme', 'globex']);
    select.value = 'acme';
    select.dispatchEvent(new Event('change'));
    await answer(http.expectOne('/admin/audit?tenant=acme&limit=20'), {
      entries: [override],
      next: null,
    });
    expect(rows().map((r) => r.dataset['entry'])).toEqual(['11']);
    expect(buttonLabelled('Load older')).toBeUndefined();
  });

  it('loads older entries with the cursor it was given', async () => {
    buttonLabelled('Load older').click();
    const older: AuditEntry = { ...moved, id: 9, reason: 'older' };
    await answer(http.expectOne('/admin/audit?cursor=11&limit=20'), {
      entries: [older],
      next: null,
    } as AuditPage);
    expect(rows().map((r) => r.dataset['entry'])).toEqual(['12', '11', '9']);
  });

  it('reverts an entry, shows the revert on top and tells the console', async () => {
    const reverted: AuditEntry[] = [];
    fixture.componentInstance.reverted.subscribe((e) => reverted.push(e));
    row(12).querySelector('button')!.click();
    const request = http.expectOne('/admin/audit/12/revert');
    expect(request.request.method).toBe('POST');
    const revert: AuditEntry = {
      ...moved,
      id: 13,
      before: 'early',
      after: 'stable',
      reason: 'revert of audit entry 12',
      reverts: 12,
    };
    await answer(request, revert);

    expect(rows().map((r) => r.dataset['entry'])).toEqual(['13', '12', '11']);
    expect(row(12).querySelector('[role=status]')?.textContent).toContain(
      'Reverted: ring of globex is stable again',
    );
    expect(reverted).toEqual([revert]);
  });

  it('shows the 409 message next to the entry when the revert is refused', async () => {
    row(12).querySelector('button')!.click();
    await answer(
      http.expectOne('/admin/audit/12/revert'),
      {
        title: 'Cannot revert',
        status: 409,
        detail: 'Audit entry 12 cannot be reverted: the ring of tenant globex was changed since.',
      },
      409,
    );

    const alert = row(12).querySelector('[role=alert]')!;
    expect(alert.textContent).toContain('Audit entry 12 cannot be reverted');
    expect(row(11).querySelector('[role=alert]')).toBeNull();

    alert.querySelector('button')!.click();
    await answer(http.expectOne('/admin/audit?limit=20'), { entries: [moved], next: null });
    expect(row(12).querySelector('[role=alert]')).toBeNull();
  });

  it('says so when the history cannot be loaded', async () => {
    buttonLabelled('Refresh history').click();
    await answer(
      http.expectOne('/admin/audit?limit=20'),
      { title: 'x', status: 503, detail: 'The assignment store is unavailable' },
      503,
    );
    expect(page.querySelector('[role=alert]')?.textContent).toContain(
      'The assignment store is unavailable',
    );
  });
});
