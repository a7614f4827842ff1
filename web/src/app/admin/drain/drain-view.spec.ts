import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { settle } from '../../core/testing';
import { VersionDrain } from './drain-api';
import { DrainView, ago } from './drain-view';

const secondsAgo = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();

/** Made per test: last requests are relative to now. */
const sample = (): VersionDrain[] => [
  {
    service: 'contacts',
    version: 'v1',
    appId: 'contacts-v1',
    instances: { healthy: 2, total: 2 },
    openSessions: 3,
    tenants: [],
    lastRequest: secondsAgo(5),
    retirable: false,
  },
  {
    service: 'contacts',
    version: 'v2',
    appId: 'contacts-v2',
    instances: { healthy: 1, total: 2 },
    openSessions: 7,
    tenants: ['acme', 'globex'],
    lastRequest: secondsAgo(600),
    retirable: false,
  },
  {
    service: 'insights',
    version: 'v1',
    appId: 'insights-v1',
    instances: { healthy: null, total: 1 },
    openSessions: 0,
    tenants: [],
    lastRequest: null,
    retirable: true,
  },
];

describe('Drain view', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<DrainView>;
  let page: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [DrainView],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(DrainView);
    page = fixture.nativeElement;
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  async function answer(body: object, status = 200): Promise<void> {
    http.expectOne('/admin/versions').flush(body, { status, statusText: 'x' });
    await settle(fixture);
  }

  const row = (appId: string) => page.querySelector<HTMLElement>(`tr[data-app-id="${appId}"]`)!;
  const cells = (appId: string) =>
    [...row(appId).querySelectorAll('td')].map((td) => td.textContent?.trim());

  it('shows one row per service version with app-id, instances, open sessions, tenants and last request', async () => {
    await answer(sample());

    expect([...page.querySelectorAll('thead th')].map((th) => th.textContent?.trim())).toEqual([
      'Version',
      'App-id',
      'Instances',
      'Open sessions',
      'Tenants',
      'Last request',
      'Status',
    ]);
    expect(row('contacts-v2').querySelector('th')?.textContent?.trim()).toBe('contacts v2');
    expect(cells('contacts-v2').slice(0, 5)).toEqual([
      'contacts-v2',
      '1/2',
      '7',
      'acme, globex',
      '10 min ago',
    ]);
    expect(cells('contacts-v1')[4]).toMatch(/^[56] s ago$/);
    expect(cells('insights-v1').slice(1, 5)).toEqual(['?/1', '0', 'none', 'never']);
  });

  it('badges retirable versions and only those', async () => {
    await answer(sample());

    expect(row('insights-v1').querySelector('.tag.retirable')?.textContent).toBe('retirable');
    expect(row('contacts-v1').querySelector('.tag.retirable')).toBeNull();
    expect(row('contacts-v1').textContent).toContain('in use');
    expect(row('contacts-v2').querySelector('.tag.retirable')).toBeNull();
  });

  it('reloads on request', async () => {
    await answer(sample());
    page.querySelector<HTMLButtonElement>('.section-head button')!.click();
    await fixture.whenStable();
    await answer([{ ...sample()[0], openSessions: 0, retirable: true }]);

    expect(page.querySelectorAll('tbody tr').length).toBe(1);
    expect(row('contacts-v1').querySelector('.tag.retirable')).not.toBeNull();
  });

  it('explains a view that cannot load', async () => {
    await answer({ title: 'The assignment store is unavailable', status: 503 }, 503);

    expect(page.querySelector('[role=alert]')?.textContent).toContain(
      'Could not load the versions in use: The assignment store is unavailable',
    );
  });
});

describe('ago', () => {
  it('says how long ago in the largest whole unit', () => {
    expect(ago(0)).toBe('0 s ago');
    expect(ago(59_999)).toBe('59 s ago');
    expect(ago(60_000)).toBe('1 min ago');
    expect(ago(2 * 3600_000 + 5)).toBe('2 h ago');
    expect(ago(3 * 86400_000)).toBe('3 d ago');
    expect(ago(-5_000)).toBe('0 s ago');
  });
});
