import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { alice, settle, startSession } from '../core/testing';
import { Workspace } from './workspace';
import { ContactList, Score } from './workspace-api';

const v1Contacts: ContactList = {
  servedBy: { service: 'contacts', version: 'v1', instance: 'contacts-v1-1' },
  items: [
    { id: 'c-1', name: 'Ada Lovelace', email: 'ada@example.test', company: 'Engines' },
    { id: 'c-2', name: 'Grace Hopper', email: 'grace@example.test', company: 'Navy' },
  ],
};

const v2Contacts: ContactList = {
  servedBy: { service: 'contacts', version: 'v2', instance: 'contacts-v2-1' },
  items: [
    { id: 'c-1', name: 'Ada Lovelace', email: 'ada@example.test', company: 'Engines', phone: '+1 555 0100', lifecycleStage: 'customer' },
  ],
};

const v2Score: Score = {
  servedBy: { service: 'insights', version: 'v2', instance: 'insights-v2-1' },
  contactId: 'c-1',
  score: 87,
  model: 'engagement-v2',
  factors: [
    { name: 'recent meetings', contribution: 40 },
    { name: 'email replies', contribution: 25 },
  ],
};

describe('Workspace', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<Workspace>;
  let page: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [Workspace],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    await startSession(alice);
    fixture = TestBed.createComponent(Workspace);
    page = fixture.nativeElement;
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  async function answer(url: string, body: object, status = 200): Promise<void> {
    http.expectOne(url).flush(body, { status, statusText: 'x' });
    await settle(fixture);
  }

  const headers = () => [...page.querySelectorAll('.contacts thead th')].map((th) => th.textContent?.trim());
  const servedBy = () => page.querySelector('.served-by')?.textContent?.replace(/\s+/g, ' ') ?? '';

  function pick(name: string): void {
    const button = [...page.querySelectorAll<HTMLButtonElement>('.contacts tbody button')].find(
      (b) => b.textContent?.trim() === name,
    );
    if (!button) throw new Error(`no contact "${name}"`);
    button.click();
  }

  it('lists v1 contacts without the v2 columns', async () => {
    await answer('/api/contacts/contacts', v1Contacts);
    expect(headers()).toEqual(['Name', 'Email', 'Company']);
    expect(page.querySelectorAll('.contacts tbody tr').length).toBe(2);
    expect(servedBy()).toContain('contacts v1 · contacts-v1-1');
  });

  it('shows the fields v2 adds', async () => {
    await answer('/api/contacts/contacts', v2Contacts);
    expect(headers()).toEqual(['Name', 'Email', 'Company', 'Phone', 'Stage']);
    const row = page.querySelector('.contacts tbody tr')?.textContent;
    expect(row).toContain('+1 555 0100');
    expect(row).toContain('customer');
    expect(servedBy()).toContain('contacts v2 · contacts-v2-1');
  });

  it('shows the pinned versions of the session', async () => {
    await answer('/api/contacts/contacts', v2Contacts);
    expect(page.textContent).toContain('This session uses contacts v2, insights v2.');
  });

  it('shows the score of a picked contact with its v2 factors', async () => {
    await answer('/api/contacts/contacts', v2Contacts);
    pick('Ada Lovelace');
    await answer('/api/insights/scores/c-1', v2Score);

    const insight = page.querySelector('.insight')!;
    expect(insight.querySelector('.score')?.textContent).toContain('87');
    expect(insight.textContent).toContain('engagement-v2');
    const factors = [...insight.querySelectorAll('tbody tr')].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim()),
    );
    expect(factors).toEqual([['recent meetings', '40'], ['email replies', '25']]);
    expect(servedBy()).toContain('insights v2 · insights-v2-1');
    expect(page.querySelector('.contacts button[aria-pressed=true]')?.textContent?.trim()).toBe('Ada Lovelace');
  });

  it('shows a v1 score without a factors table', async () => {
    await answer('/api/contacts/contacts', v1Contacts);
    pick('Grace Hopper');
    const { factors: _, ...v1Score } = { ...v2Score, contactId: 'c-2', model: 'engagement-v1' };
    await answer('/api/insights/scores/c-2', v1Score);
    expect(page.querySelector('.insight')?.textContent).toContain('engagement-v1');
    expect(page.querySelector('.insight table')).toBeNull();
  });

  it('ignores a score that arrives after another contact was picked', async () => {
    await answer('/api/contacts/contacts', v1Contacts);
    pick('Ada Lovelace');
    await fixture.whenStable();
    const late = http.expectOne('/api/insights/scores/c-1');
    pick('Grace Hopper');
    late.flush(v2Score);
    await answer('/api/insights/scores/c-2', { ...v2Score, contactId: 'c-2', score: 12 });
    expect(page.querySelector('.insight .score')?.textContent).toContain('12');
    expect(page.querySelector('.insight')?.textContent).toContain('For Grace Hopper');
  });

  it('explains a score that is not there', async () => {
    await answer('/api/contacts/contacts', v1Contacts);
    pick('Ada Lovelace');
    await answer('/api/insights/scores/c-1', { title: 'Not Found', detail: 'No contact c-1.' }, 404);
    expect(page.querySelector('.insight [role=alert]')?.textContent).toContain('Could not load the score: No contact c-1.');
  });

  it('explains a failed contact list and loads it again on request', async () => {
    http.expectOne('/api/contacts/contacts').error(new ProgressEvent('error'));
    await settle(fixture);
    const alert = page.querySelector('.contacts [role=alert]')!;
    expect(alert.textContent).toContain('Cannot reach the server');

    alert.querySelector('button')!.click();
    await answer('/api/contacts/contacts', v1Contacts);
    expect(page.querySelector('.contacts [role=alert]')).toBeNull();
    expect(page.querySelectorAll('.contacts tbody tr').length).toBe(2);
  });
});
