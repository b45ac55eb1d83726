// Widgets and workflow steps, loaded together on first use: most chats never
// show one, so the public page does not download them up front.
export { widgetView } from './widget-view.js';
export { taskView, workflowView } from './workflow-view.js';
