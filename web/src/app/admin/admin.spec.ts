import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { settle } from '../core/testing';
import { Admin } from './admin';
import { Matrix, Ring, Tenant } from './admin-api';

const matrix: Matrix = { services: { insights: ['v1', 'v2'], contacts: ['v1', 'v2'] } };
const rings: Ring[] = [
  { ring: 'early', versions: { contacts: 'v2', insights: 'v2' }, etag: '3' },
  { ring: 'stable', versions: { contacts: 'v1', insights: 'v1' }, etag: '7' },
];
const acme: Tenant = {
  tenant: 'acme',
  ring: 'early',
  overrides: { insights: 'v1' },
  versions: { contacts: 'v2', insights: 'v1' },
  etag: '5',
};
const globex: Tenant = {
  tenant: 'globex',
  ring: 'stable',
  overrides: {},
  versions: { contacts: 'v1', insights: 'v1' },
  etag: '2',
};

describe('Admin console', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<Admin>;
  let page: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [Admin],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(Admin);
    page = fixture.nativeElement;
    await fixture.whenStable();
    await answerLoad();
  });

  // The change history below the tables loads itself (audit-history.spec.ts tests it); answered empty here.
  afterEach(() => {
    http.match('/admin/audit?limit=20').forEach((r) => r.flush({ entries: [], next: null }));
    http.verify();
  });

  async function answerLoad(tenants: Tenant[] = [acme, globex]): Promise<void> {
    http.expectOne('/admin/matrix').flush(matrix);
    http.expectOne('/admin/rings').flush(rings);
    http.expectOne('/admin/tenants').flush(tenants);
    // The drain view loads once with the console (its own spec covers it).
    for (const request of http.match('/admin/versions')) request.flush([]);
    await settle(fixture);
  }

  /** Picks an option in the select with this accessible label and presses its Apply button. */
  async function apply(label: string, value: string): Promise<void> {
    const labelEl = [...page.querySelectorAll('label')].find((l) => l.textContent?.trim() === label);
    const select = page.querySelector<HTMLSelectElement>(`#${labelEl?.htmlFor}`);
    if (!select) throw new Error(`no select labelled "${label}"`);
    select.value = value;
    select.dispatchEvent(new Event('change'));
    select.parentElement!.querySelector('button')!.click();
    await fixture.whenStable();
  }

  async function answer(request: TestRequest, body: object, status = 200): Promise<void> {
    request.flush(body, { status, statusText: 'x' });
    await settle(fixture);
  }

  const cell = (tenant: string, column: number) =>
    [...page.querySelectorAll('tbody tr')]
      .find((tr) => tr.querySelector('th')?.textContent?.trim() === tenant)
      ?.querySelectorAll('td')[column] as HTMLElement;

  it('says that changes affect new sign-ins only', () => {
    expect(page.querySelector('[role=note]')?.textContent).toContain('new sign-ins only');
  });

  it('shows tenants x services with effective versions and marks overrides', () => {
    const columns = [...page.querySelectorAll('section:first-of-type thead th')].map((th) => th.textContent?.trim());
    expect(columns).toEqual(['Tenant', 'Ring', 'contacts', 'insights', 'Open sessions']);
    expect(cell('acme', 1).querySelector('.version')?.textContent).toContain('v2');
    expect(cell('acme', 1).querySelector('.override')).toBeNull();
    expect(cell('acme', 2).querySelector('.version')?.textContent).toContain('v1');
    expect(cell('acme', 2).querySelector('.override')?.textContent).toBe('override');
    expect(page.querySelector<HTMLSelectElement>('#ring-globex')?.value).toBe('stable');
  });

  it("moves a tenant to another ring, sending the etag it saw", async () => {
    await apply('Ring of globex', 'early');
    const request = http.expectOne('/admin/tenants/globex/ring');
    expect(request.request.method).toBe('PUT');
    expect(request.request.body).toEqual({ ring: 'early' });
    expect(request.request.headers.get('If-Match')).toBe('2');
    await answer(request, { ...globex, ring: 'early', versions: { contacts: 'v2', insights: 'v2' }, etag: '3' });

    expect(cell('globex', 0).textContent).toContain('Saved. New sign-ins of globex get contacts v2, insights v2.');
    expect(cell('globex', 1).querySelector('.version')?.textContent).toContain('v2');
  });

  it('uses the new etag for the next change', async () => {
    await apply('Ring of globex', 'early');
    await answer(http.expectOne('/admin/tenants/globex/ring'), { ...globex, ring: 'early', etag: '3' });
    await apply('Ring of globex', 'stable');
    const request = http.expectOne('/admin/tenants/globex/ring');
    expect(request.request.headers.get('If-Match')).toBe('3');
    request.flush(globex);
  });

  it('shows a 412 (changed by someone else) in place and reloads on request', async () => {
    await apply('Ring of acme', 'stable');
    await answer(
      http.expectOne('/admin/tenants/acme/ring'),
      { title: 'Changed by someone else', status: 412, detail: 'Tenant acme was changed by someone else.' },
      412,
    );
    const alert = cell('acme', 0).querySelector('[role=alert]')!;
    expect(alert.textContent).toContain('Tenant acme was changed by someone else.');

    alert.querySelector('button')!.click();
    await fixture.whenStable();
    await answerLoad([{ ...acme, ring: 'stable', etag: '6' }, globex]);
    expect(cell('acme', 0).querySelector('[role=alert]')).toBeNull();
    expect(page.querySelector<HTMLSelectElement>('#ring-acme')?.value).toBe('stable');
  });

  it('shows server validation errors next to the control', async () => {
    await apply('contacts override of globex', 'v2');
    await answer(
      http.expectOne('/admin/tenants/globex/overrides/contacts'),
      { title: 'One or more validation errors occurred.', status: 400, errors: { version: ['v2 is not deployed.'] } },
      400,
    );
    const alert = cell('globex', 1).querySelector('[role=alert]')!;
    expect(alert.textContent).toContain('One or more validation errors occurred.');
    expect(alert.querySelector('li')?.textContent).toBe('version: v2 is not deployed.');
    expect(cell('globex', 0).querySelector('[role=alert]')).toBeNull();
  });

  it('sets an override', async () => {
    await apply('contacts override of globex', 'v2');
    const request = http.expectOne('/admin/tenants/globex/overrides/contacts');
    expect(request.request.method).toBe('PUT');
    expect(request.request.body).toEqual({ version: 'v2' });
    expect(request.request.headers.get('If-Match')).toBe('2');
    await answer(request, {
      ...globex,
      overrides: { contacts: 'v2' },
      versions: { contacts: 'v2', insights: 'v1' },
      etag: '3',
    });
    expect(cell('globex', 1).querySelector('.override')).not.toBeNull();
    expect(cell('globex', 1).textContent).toContain('New sign-ins of globex get contacts v2.');
  });

  it('clears an override when "Follow ring" is applied', async () => {
    await apply('insights override of acme', '');
    const request = http.expectOne('/admin/tenants/acme/overrides/insights');
    expect(request.request.method).toBe('DELETE');
    expect(request.request.headers.get('If-Match')).toBe('5');
    await answer(request, { ...acme, overrides: {}, versions: { contacts: 'v2', insights: 'v2' }, etag: '6' });
    expect(cell('acme', 2).querySelector('.override')).toBeNull();
    expect(cell('acme', 2).querySelector('.version')?.textContent).toContain('v2');
  });

  it("changes a ring's version and refreshes the tenants' effective versions", async () => {
    await apply('contacts version of ring stable', 'v2');
    const request = http.expectOne('/admin/rings/stable/versions/contacts');
    expect(request.request.method).toBe('PUT');
    expect(request.request.body).toEqual({ version: 'v2' });
    expect(request.request.headers.get('If-Match')).toBe('7');
    await answer(request, { ring: 'stable', versions: { contacts: 'v2', insights: 'v1' }, etag: '8' });

    await answer(http.expectOne('/admin/tenants'), [acme, { ...globex, versions: { contacts: 'v2', insights: 'v1' } }]);
    expect(cell('globex', 1).querySelector('.version')?.textContent).toContain('v2');
    expect(page.textContent).toContain('Saved. New sign-ins on ring stable get contacts v2.');
  });

  /** Presses the button whose text (with its visually hidden part) is this. */
  async function press(name: string): Promise<void> {
    const button = [...page.querySelectorAll('button')].find((b) => b.textContent?.replace(/\s+/g, ' ').trim() === name);
    if (!button) throw new Error(`no button "${name}"`);
    button.click();
    await fixture.whenStable();
  }

  it("re-pins a tenant's open sessions without an etag and says where they move", async () => {
    await press('Re-pin open sessions of globex');
    const request = http.expectOne('/admin/tenants/globex/repin');
    expect(request.request.method).toBe('POST');
    expect(request.request.headers.has('If-Match')).toBe(false);
    await answer(request, { tenants: ['globex'], issuedBefore: '2026-11-29T15:00:00Z' }, 202);

    expect(cell('globex', 3).querySelector('[role=status]')?.textContent).toContain(
      'Re-pin requested. Open sessions of globex move to contacts v1, insights v1 on their next request.',
    );
    expect(cell('acme', 3).querySelector('[role=status]')).toBeNull();
  });

  it('re-pins every tenant of a ring, and says when a ring has none', async () => {
    await press('Re-pin open sessions of ring stable');
    await answer(http.expectOne('/admin/rings/stable/repin'), { tenants: ['globex'], issuedBefore: '2026-11-29T15:00:00Z' }, 202);
    expect(cell('stable', 2).textContent).toContain('Open sessions of globex move to their current versions on their next request.');

    await press('Re-pin open sessions of ring early');
    await answer(http.expectOne('/admin/rings/early/repin'), { tenants: [], issuedBefore: '2026-11-29T15:00:00Z' }, 202);
    expect(cell('early', 2).textContent).toContain('No tenant is on ring early: there is nothing to re-pin.');
  });

  it('shows a refused re-pin next to its button', async () => {
    await press('Re-pin open sessions of acme');
    await answer(
      http.expectOne('/admin/tenants/acme/repin'),
      { title: 'Unknown tenant', status: 404, detail: "There is no tenant 'acme'." },
      404,
    );
    expect(cell('acme', 3).querySelector('[role=alert]')?.textContent).toContain("There is no tenant 'acme'.");
  });

  it('explains a console that cannot load', async () => {
    page.querySelector<HTMLButtonElement>('.admin-head button')!.click();
    await fixture.whenStable();
    http.expectOne('/admin/matrix').flush({ title: 'Forbidden', status: 403 }, { status: 403, statusText: 'x' });
    await settle(fixture);
    const others = [...http.match('/admin/rings'), ...http.match('/admin/tenants')];
    expect(others.map((r) => r.cancelled)).toEqual([true, true]);
    expect(page.querySelector('[role=alert]')?.textContent).toContain('Could not load the settings: Forbidden');
  });
});
