import { Injectable, signal } from '@angular/core';

/** Which deployed version and instance of a service answered a call (the `servedBy` of API bodies). */
export interface ServedBy {
  service: string;
  version: string;
  instance: string;
}

export interface ServedByEntry extends ServedBy {
  call: string;
  at: Date;
}

/** The most recent answers, newest first, for the workspace's "Served by" panel. */
@Injectable({ providedIn: 'root' })
export class ServedByLog {
  static readonly size = 6;
  readonly entries = signal<ServedByEntry[]>([]);

  record(call: string, servedBy: ServedBy): void {
    const entry = { ...servedBy, call, at: new Date() };
    this.entries.update((list) => [entry, ...list].slice(0, ServedByLog.size));
  }

  clear(): void {
    this.entries.set([]);
  }
}
