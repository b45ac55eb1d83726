import { createBrowserRouter, type RouteObject } from 'react-router';
import { NotFound } from './pages/NotFound.js';

// Every page is its own chunk: the public chat page (what visitors open) never
// downloads Canvas code, and Canvas pages never download the chat until asked.
export const routes: RouteObject[] = [
  {
    // Shown while the first page's chunk downloads.
    HydrateFallback: () => (
      <div className="page muted" aria-busy="true">
        Loading…
      </div>
    ),
    children: [
      {
        path: '/chat/:workflowId',
        lazy: async () => ({ Component: (await import('./public-chat/PublicChatPage.js')).PublicChatPage }),
      },
      { path: '/login', lazy: async () => ({ Component: (await import('./auth/LoginPage.js')).LoginPage }) },
      { path: '/signup', lazy: async () => ({ Component: (await import('./auth/SignupPage.js')).SignupPage }) },
      {
        lazy: async () => ({ Component: (await import('./canvas/CanvasLayout.js')).CanvasLayout }),
        children: [
          {
            index: true,
            lazy: async () => ({ Component: (await import('./workflows/WorkflowsPage.js')).WorkflowsPage }),
          },
          {
            path: 'settings/tokens',
            lazy: async () => ({ Component: (await import('./account/ApiTokensPage.js')).ApiTokensPage }),
          },
          {
            path: 'workflows/:workflowId',
            lazy: async () => ({ Component: (await import('./workflow/WorkflowPage.js')).WorkflowPage }),
          },
          {
            path: 'workflows/:workflowId/conversations',
            lazy: async () => ({ Component: (await import('./insights/ConversationsPage.js')).ConversationsPage }),
          },
          {
            path: 'workflows/:workflowId/analytics',
            lazy: async () => ({ Component: (await import('./insights/AnalyticsPage.js')).AnalyticsPage }),
          },
        ],
      },
      { path: '*', Component: NotFound },
    ],
  },
];

export const router = createBrowserRouter(routes);
