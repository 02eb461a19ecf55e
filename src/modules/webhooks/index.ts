/**
 * The public surface of webhooks: subscriptions, events and signed deliveries.
 * Other modules, the composition root and the CLI import this module only from here.
 */
export { registerWebhooksApi } from './webhooks.api.js';
export { type DispatcherOptions } from './webhooks.dispatcher.js';
export { createWebhooksService } from './webhooks.service.js';
export { registerWebhooksWeb } from './webhooks.web.js';
