/** The public routes (and the site's own: the bundle, the demo page, health) as operations. */
import * as z from 'zod';
import { signatureBodySchema } from '../contract/public.ts';
import type { Operation } from './operations.ts';
import { answer, BODY_ERRORS, UNKNOWN } from './operations.ts';
import * as answers from './schemas.ts';

export const PUBLIC_OPERATIONS: readonly Operation[] = [
  {
    id: 'getCampaign',
    method: 'get',
    path: '/api/campaigns/{slug}',
    summary: 'Everything the widget needs, in one answer',
    description:
      "The campaign's texts and the interface's, in the first of the reader's languages the " +
      'campaign has (`fr-CA` falls back to `fr`), else in its default language; `lang` says which. ' +
      'Also fields, consent version, a fresh form token, the counter, and the opt-in of the ' +
      'partner `partner` names (none for an unknown partner). Drafts are 404.',
    query: z.object({
      lang: z
        .string()
        .max(200)
        .optional()
        .describe("The reader's languages, most wanted first, comma-separated: `fr-CA,fr,en`."),
      partner: z.string().optional().describe("The embedding partner's slug (data-partner)."),
    }),
    responses: { 200: answer('The campaign.', answers.publicCampaignSchema) },
    errors: UNKNOWN,
  },
  {
    id: 'getCounter',
    method: 'get',
    path: '/api/campaigns/{slug}/counter',
    summary: 'The live counter: total = signatures + offset',
    headers: [{ name: 'If-None-Match', description: 'A previous ETag: 304 when unchanged.' }],
    responses: {
      200: answer('The counter, with ETag and a short Cache-Control.', answers.counterSchema),
      304: answer('Unchanged.'),
    },
    errors: UNKNOWN,
  },
  {
    id: 'getPlaces',
    method: 'get',
    path: '/api/campaigns/{slug}/places',
    summary: 'Where the signers are: counts by country, and by city where at least 10 signed',
    description:
      'Counted signatures only, never a name. Countries as ISO 3166-1 alpha-2 codes where the ' +
      'typed name was recognised (else as most typed it); cities merged by case, accents and ' +
      'spacing, named as most typed them, and listed only with 10 signers or more (the 100 ' +
      'largest), so no small group of neighbours can be told apart. Cached a minute.',
    responses: {
      200: answer(
        'The places, with Cache-Control: public, max-age=60.',
        z.object({
          slug: z.string(),
          countries: z.array(z.object({ country: z.string().nullable(), signatures: z.number() })),
          cities: z.array(
            z.object({
              country: z.string().nullable(),
              city: z.string(),
              signatures: z.number(),
            }),
          ),
          minCitySigners: z.number(),
        }),
      ),
    },
    errors: UNKNOWN,
  },
  {
    id: 'getRecent',
    method: 'get',
    path: '/api/campaigns/{slug}/recent',
    summary: 'People who just signed, with their consent: first name, city, minutes ago',
    description:
      'At most 20, newest first; only signatures whose supporter ticked showInRecent, counted ' +
      '(never flagged or waiting for their email confirmation); an erased one is gone from the ' +
      'next answer. Cacheable for 10 s.',
    responses: { 200: answer('The recent signatures.', answers.recentSchema) },
    errors: UNKNOWN,
  },
  {
    id: 'preflightSign',
    method: 'options',
    path: '/api/campaigns/{slug}/signatures',
    summary: 'CORS preflight for signing',
    description: 'Allows the origin only when the campaign lists it (or lists none).',
    responses: { 204: answer('CORS headers for an allowed origin, none otherwise.') },
  },
  {
    id: 'sign',
    method: 'post',
    path: '/api/campaigns/{slug}/signatures',
    summary: 'Sign the petition',
    description:
      'Acknowledged only once on disk. Without verification, a new email answers 201 signed and ' +
      'a repeat 200 already_signed (not counted again). On a campaign with `verification: ' +
      'email` every signature answers 200 check_email, whether the address is new, waiting for ' +
      'its confirmation or confirmed long ago, so the answer never tells a stranger whether an ' +
      'address has signed: the signature is stored pending (not counted, not delivered) and a ' +
      'mail goes to the address (a link to confirm, or "you have already signed").',
    headers: [
      {
        name: 'Idempotency-Key',
        description: '8-128 printable ASCII characters: a retry with it gets the first answer.',
      },
    ],
    body: signatureBodySchema,
    responses: {
      201: answer('Signed (no verification).', answers.signResultSchema),
      200: answer(
        'check_email on a campaign with email verification, whatever the address; without ' +
          'verification, already_signed: this email had signed (not counted again).',
        answers.signResultSchema,
      ),
    },
    errors: {
      ...BODY_ERRORS,
      403: 'This origin may not collect signatures.',
      404: 'No such campaign.',
      409: 'The petition is not open.',
      413: 'Body over 8 KB.',
      429: 'Too many from this network (Retry-After).',
      503: 'The database refused the write (full, locked, I/O error): nothing stored; retry with the same Idempotency-Key after Retry-After.',
    },
  },
  {
    id: 'openapi',
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This document',
    responses: { 200: answer('OpenAPI 3.1.') },
  },
  {
    id: 'docs',
    method: 'get',
    path: '/api/docs',
    summary: 'This document as a readable page',
    responses: { 200: answer('HTML.', undefined, 'text/html') },
  },
  {
    id: 'widget',
    method: 'get',
    path: '/widget.js',
    summary: 'The widget bundle',
    query: z.object({ v: z.string().optional().describe('The bundle hash: cached for a year.') }),
    responses: { 200: answer('JavaScript.', undefined, 'text/javascript') },
    errors: { 404: 'Not built.' },
  },
  {
    id: 'widgetChunk',
    method: 'get',
    path: '/widget-thanks.js',
    summary: "The widget's second chunk: what a supporter sees after signing",
    description:
      'An ES module widget.js imports (by the versioned URL it was built with) once the form is ' +
      'drawn; CORS-enabled, as module scripts from another origin need.',
    query: z.object({ v: z.string().optional().describe('The chunk hash: cached for a year.') }),
    responses: { 200: answer('JavaScript.', undefined, 'text/javascript') },
    errors: { 404: 'Not built.' },
  },
  {
    id: 'framePage',
    method: 'get',
    path: '/embed/{slug}',
    summary: 'Frame mode: the widget in a page of this origin (data-isolation="frame")',
    description:
      "widget.js on a partner's page inserts an iframe of this page, so the page cannot see what " +
      "a supporter types. It carries the campaign's answer (as GET /api/campaigns/{slug}) and " +
      'loads widget.js by its hash. Its Content-Security-Policy allows its own scripts and ' +
      "connections only; frame-ancestors is the campaign's allowed origins, or any page when it " +
      'lists none (as any page may then collect signatures). Not cached: the form token is fresh.',
    query: z.object({
      lang: z.string().max(200).optional().describe("The reader's languages, as for getCampaign."),
      partner: z.string().optional().describe("The embedding partner's slug (data-partner)."),
      theme: z.string().optional().describe('light, dark or auto (data-theme).'),
      accent: z.string().optional().describe('#rgb or #rrggbb (data-accent).'),
      origin: z.string().optional().describe("The framing page's origin: where its messages go."),
      source: z.string().optional().describe("The framing page's address (attribution)."),
      referrer: z.string().optional().describe("The framing page's referrer (attribution)."),
    }),
    responses: { 200: answer('HTML.', undefined, 'text/html') },
    errors: { 404: 'No such campaign (or a draft), or the widget is not built.' },
  },
  {
    id: 'console',
    method: 'get',
    path: '/admin',
    summary: 'The admin console (a page; signing in takes an admin or partner key)',
    responses: { 200: answer('HTML.', undefined, 'text/html') },
    errors: { 404: 'Not built.' },
  },
  {
    id: 'consoleAsset',
    method: 'get',
    path: '/admin/assets/{name}',
    summary: "The console's script and stylesheet (hashed names, cached for a year)",
    responses: { 200: answer('JavaScript or CSS.', undefined, 'text/javascript') },
    errors: { 404: 'No such file.' },
  },
  {
    id: 'consoleDownloadWorker',
    method: 'get',
    path: '/admin/download-worker.js',
    summary:
      "The console's download worker (scope /admin/): it fetches an export with the key the " +
      'page hands it by postMessage and answers a one-time /admin/download/{id} navigation with ' +
      'it as an attachment, so exports stream to disk and the key is never in a URL',
    responses: { 200: answer('JavaScript.', undefined, 'text/javascript') },
    errors: { 404: 'Not built.' },
  },
  {
    id: 'consoleDownload',
    method: 'get',
    path: '/admin/download/{id}',
    summary:
      'A one-time download URL, answered by the download worker; reaching the server it means ' +
      'nothing (no worker answered): 204, so the console stays where it is',
    responses: { 204: answer('Nothing.') },
  },
  {
    id: 'demo',
    method: 'get',
    path: '/',
    summary: 'The demo campaign page',
    responses: { 200: answer('HTML.', undefined, 'text/html') },
    errors: { 404: 'No demo campaign.' },
  },
  {
    id: 'health',
    method: 'get',
    path: '/healthz',
    summary: 'Liveness: the process runs and its database answers a read',
    responses: { 200: answer('OK.', z.object({ status: z.literal('ok') })) },
    errors: { 503: 'The database does not answer (with Retry-After).' },
  },
  {
    id: 'ready',
    method: 'get',
    path: '/readyz',
    summary: 'Readiness: send traffic here',
    responses: { 200: answer('Ready.', z.object({ status: z.literal('ready') })) },
    errors: {
      503: 'The database refuses writes, or the server is shutting down (Retry-After when writes fail).',
    },
  },
];
