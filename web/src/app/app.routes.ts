import { Routes } from '@angular/router';
import { adminGuard, homeGuard, signedOutGuard, workspaceGuard } from './core/guards';

// Route URLs never carry versions: the gateway picks them from the session cookie.
// No route may start with /api, /auth or /admin: the gateway sends those paths to the backend.
export const routes: Routes = [
  { path: '', pathMatch: 'full', canActivate: [homeGuard], children: [] },
  {
    path: 'sign-in',
    title: 'Sign in',
    canActivate: [signedOutGuard],
    loadComponent: () => import('./sign-in/sign-in').then((m) => m.SignIn),
  },
  {
    path: 'workspace',
    title: 'Workspace',
    canActivate: [workspaceGuard],
    loadComponent: () => import('./workspace/workspace').then((m) => m.Workspace),
  },
  {
    path: 'console',
    title: 'Admin console',
    canActivate: [adminGuard],
    loadComponent: () => import('./admin/admin').then((m) => m.Admin),
  },
  { path: '**', redirectTo: '' },
];
