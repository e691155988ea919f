/** SES notifications through SNS; see src/bounces/ses-webhook.ts. */
import type { APIRoute } from 'astro';
import { handleSesWebhook } from '../../bounces/ses-webhook.ts';

export const prerender = false;

export const ALL: APIRoute = async ({ request, locals }) => handleSesWebhook(request, locals.services.sesWebhook);
