import { DatePipe } from '@angular/common';
import { Component, inject } from '@angular/core';
import { ServedByLog } from '../core/served-by';

/** Shows which service version and instance answered the latest calls (a demo of version pinning). */
@Component({
  selector: 'app-served-by-panel',
  imports: [DatePipe],
  template: `
    <aside class="card served-by" aria-labelledby="served-by-title">
      <h2 id="served-by-title">Served by</h2>
      @if (entries().length === 0) {
        <p class="muted">No calls answered yet.</p>
      } @else {
        <ol aria-live="polite">
          @for (entry of entries(); track entry) {
            <li>
              <strong>{{ entry.service }} {{ entry.version }}</strong>
              <span class="muted"> · {{ entry.instance }}</span>
              <div class="call muted">{{ entry.call }} at {{ entry.at | date: 'HH:mm:ss' }}</div>
            </li>
          }
        </ol>
      }
    </aside>
  `,
})
export class ServedByPanel {
  protected readonly entries = inject(ServedByLog).entries;
}
