import { createBrowserRouter } from 'react-router';
import { CanvasHome } from './pages/CanvasHome.js';
import { NotFound } from './pages/NotFound.js';
import { PublicChat } from './pages/PublicChat.js';

export const router = createBrowserRouter([
  { path: '/', element: <CanvasHome /> },
  { path: '/chat/:workflowId', element: <PublicChat /> },
  { path: '*', element: <NotFound /> },
]);
