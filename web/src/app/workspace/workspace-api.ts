import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, tap } from 'rxjs';
import { ServedBy, ServedByLog } from '../core/served-by';

/** A contact; v2 of the contacts service adds phone and lifecycleStage. */
export interface Contact {
  id: string;
  name: string;
  email: string;
  company: string;
  phone?: string;
  lifecycleStage?: string;
}

export interface ContactList {
  servedBy: ServedBy;
  items: Contact[];
}

/** An insight score; v2 of the insights service adds the factors behind it. */
export interface Score {
  servedBy: ServedBy;
  contactId: string;
  score: number;
  model: string;
  factors?: { name: string; contribution: number }[];
}

/** The tenant's services, reached through the gateway, which picks the version pinned in the session. */
@Injectable({ providedIn: 'root' })
export class WorkspaceApi {
  private readonly http = inject(HttpClient);
  private readonly servedBy = inject(ServedByLog);

  contacts(): Observable<ContactList> {
    const url = '/api/contacts/contacts';
    return this.http.get<ContactList>(url).pipe(tap((r) => this.servedBy.record(`GET ${url}`, r.servedBy)));
  }

  score(contactId: string): Observable<Score> {
    const url = `/api/insights/scores/${encodeURIComponent(contactId)}`;
    return this.http.get<Score>(url).pipe(tap((r) => this.servedBy.record(`GET ${url}`, r.servedBy)));
  }
}
