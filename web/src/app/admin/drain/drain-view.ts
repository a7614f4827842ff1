import { Component, OnInit, inject, signal } from '@angular/core';
import { ApiError, toApiError } from '../../core/api-error';
import { DrainApi, VersionDrain } from './drain-api';

/**
 * Which versions still have users, so an operator knows when one can be retired: open sessions pinned to it,
 * tenants whose sign-ins resolve to it, and the last request that reached it.
 */
@Component({
  selector: 'app-drain-view',
  templateUrl: './drain-view.html',
})
export class DrainView implements OnInit {
  private readonly api = inject(DrainApi);

  protected readonly versions = signal<VersionDrain[]>([]);
  protected readonly loading = signal(false);
  protected readonly loadError = signal<ApiError | null>(null);
  /** When the view was loaded: last requests are shown relative to it. */
  private loadedAt = Date.now();

  ngOnInit(): void {
    this.reload();
  }

  reload(): void {
    this.loading.set(true);
    this.loadError.set(null);
    this.api.versions().subscribe({
      next: (versions) => {
        this.loadedAt = Date.now();
        this.versions.set(versions);
        this.loading.set(false);
      },
      error: (error) => {
        this.loadError.set(toApiError(error));
        this.loading.set(false);
      },
    });
  }

  protected instances(version: VersionDrain): string {
    return `${version.instances.healthy ?? '?'}/${version.instances.total}`;
  }

  protected lastRequest(version: VersionDrain): string {
    return version.lastRequest ? ago(this.loadedAt - Date.parse(version.lastRequest)) : 'never';
  }
}

/** A short "how long ago", e.g. "5 s ago", "3 min ago", "2 h ago", "4 d ago". */
export function ago(milliseconds: number): string {
  const seconds = Math.max(0, Math.floor(milliseconds / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}
