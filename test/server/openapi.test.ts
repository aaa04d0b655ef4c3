/**
 * The OpenAPI document lists every route the router serves, and describes real answers, on each
 * engine.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as z from 'zod';
import { ADMIN_OPERATIONS } from '../../server/openapi/admin.ts';
import { openApiDocument } from '../../server/openapi/document.ts';
import { PARTNER_OPERATIONS } from '../../server/openapi/partners.ts';
import { PUBLIC_OPERATIONS } from '../../server/openapi/public.ts';
import { WEBHOOK_OPERATIONS } from '../../server/openapi/webhooks.ts';
import * as answers from '../../server/openapi/schemas.ts';
import { makeAdminApp } from './admin-helpers.ts';
import { EACH_ENGINE } from './engine-app.ts';
import { validBody } from './helpers.ts';

/** `/api/campaigns/:slug` -> `/api/campaigns/{slug}`. */
const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

for (const { engine, skip, open } of EACH_ENGINE) {
  describe(`GET /api/openapi.json on ${engine}`, { skip }, () => {
    it('documents exactly the routes the app serves (compared with app.routes)', async () => {
      const app = await open();
      const served = new Set(
        app.routes
          .filter((route) => route.method !== 'ALL')
          .map((route) => `${route.method.toLowerCase()} ${openApiPath(route.path)}`),
      );
      const document = await (await app.request('/api/openapi.json')).json();
      assert.equal(document.openapi, '3.1.0');
      const documented = new Set(
        Object.entries(document.paths as Record<string, object>).flatMap(([path, methods]) =>
          Object.keys(methods).map((method) => `${method} ${path}`),
        ),
      );
      assert.ok(served.size >= 20, `${served.size} routes`);
      assert.deepEqual(
        [...served].filter((route) => !documented.has(route)),
        [],
        'served but not documented',
      );
      assert.deepEqual(
        [...documented].filter((route) => !served.has(route)),
        [],
        'documented but not served',
      );
    });

    it('gives each operation its parameters, body, answers and errors', () => {
      const document = openApiDocument();
      for (const [path, methods] of Object.entries(document.paths)) {
        for (const [method, operation] of Object.entries(methods) as [
          string,
          // biome-ignore lint/suspicious/noExplicitAny: an OpenAPI operation is JSON walked field by field here.
          Record<string, any>,
        ][]) {
          const where = `${method} ${path}`;
          for (const name of path.match(/\{(\w+)\}/g) ?? []) {
            assert.ok(
              operation.parameters.some(
                (p: { name: string; in: string }) => p.in === 'path' && `{${p.name}}` === name,
              ),
              `${where}: ${name}`,
            );
          }
          assert.ok(
            Object.keys(operation.responses).some((status) => status.startsWith('2')),
            `${where}: a success answer`,
          );
          if (path.startsWith('/api/admin/')) {
            assert.deepEqual(operation.security, [{ adminKey: [] }], where);
            assert.ok(operation.responses['401'], `${where}: 401`);
          } else assert.deepEqual(operation.security, [], `${where}: public, and says so`);
          // A resend is an action on a stored delivery, a new secret on a stored hook, and the
          // confirmation button a form with nothing in it: POSTs with no body.
          const bodiless =
            path.endsWith('/deliveries/{delivery}/resend') ||
            path.endsWith('/secret') ||
            path === '/confirm/{token}';
          if ((method === 'post' || method === 'patch') && !bodiless) {
            assert.ok(
              operation.requestBody.content['application/json'].schema.properties,
              `${where}: body schema`,
            );
            for (const status of ['400', '413', '415', '422'])
              assert.ok(operation.responses[status], `${where}: ${status}`);
          }
        }
      }
      // biome-ignore lint/suspicious/noExplicitAny: the document is JSON read by path; the asserts are the types.
      const list = document.paths['/api/admin/campaigns/{slug}/signatures'].get as any;
      assert.deepEqual(
        list.parameters.map((p: { name: string }) => p.name),
        [
          'slug',
          'limit',
          'cursor',
          'from',
          'to',
          'partner',
          'optIn',
          'partnerOptIn',
          'flagged',
          'pending',
          'reviewed',
        ],
      );
      assert.ok(
        list.parameters.slice(1).every((p: { description?: string }) => p.description),
        'each query parameter says what it means',
      );
      // biome-ignore lint/suspicious/noExplicitAny: the document is JSON read by path; the asserts are the types.
      const patch = (document.paths['/api/admin/campaigns/{slug}'] as any).patch.requestBody
        .content['application/json'].schema;
      assert.equal(patch.additionalProperties, false);
      assert.ok(patch.properties.offsetReason);
    });

    it('describes the answers the server really gives', async () => {
      const app = await open();
      const { admin } = app;
      const signed = await (await app.sign(validBody())).json();
      answers.signResultSchema.parse(signed);
      answers.publicCampaignSchema.parse(
        await (await app.request('/api/campaigns/el-salvador')).json(),
      );
      await app.insertRows(30);
      await admin('/campaigns/el-salvador', {
        method: 'PATCH',
        json: { offset: 1, offsetReason: 'recount' },
      });
      answers.adminCampaignSchema.parse(await (await admin('/campaigns/el-salvador')).json());
      answers.listOf(answers.adminCampaignSchema).parse(await (await admin('/campaigns')).json());
      answers.signaturePageSchema.parse(
        await (await admin('/campaigns/el-salvador/signatures?limit=5')).json(),
      );
      answers.statsSchema.parse(await (await admin('/campaigns/el-salvador/stats')).json());
      const flagged = await admin(`/signatures/1`, {
        method: 'PATCH',
        json: { flagged: true, reason: 'test' },
      });
      answers.flagDecisionSchema.strict().parse(await flagged.json());
      answers.statsSchema
        .strict()
        .parse(await (await admin('/campaigns/el-salvador/stats')).json());
      answers
        .listOf(answers.auditEntrySchema)
        .parse(await (await admin('/campaigns/el-salvador/audit')).json());
      answers.keyCreatedSchema.parse(
        await (await admin('/keys', { method: 'POST', json: { label: 'x' } })).json(),
      );
      answers.problemSchema.parse(await (await admin('/campaigns/nope')).json());
    });
  });
}

describe('request bodies in the OpenAPI document', () => {
  const withBody = [
    ...PUBLIC_OPERATIONS,
    ...ADMIN_OPERATIONS,
    ...PARTNER_OPERATIONS,
    ...WEBHOOK_OPERATIONS,
  ].filter((operation) => operation.body);
  // biome-ignore lint/suspicious/noExplicitAny: the document is JSON read by path; the asserts are the types.
  const paths = openApiDocument().paths as Record<string, Record<string, any>>;
  const documented = (path: string, method: string) =>
    paths[path][method].requestBody.content['application/json'].schema as {
      properties: Record<string, unknown>;
      required?: string[];
    };

  it('require a property only when the server refuses a body without it (what zod accepts)', () => {
    // A field with a default (partnerOptIn) may be left out: a validator reading the document
    // (Prism) must not call such a request invalid.
    assert.ok(withBody.length >= 9, `${withBody.length} bodies`);
    for (const operation of withBody) {
      const schema = documented(operation.path, operation.method);
      const shape = (operation.body as z.ZodObject).shape;
      for (const name of Object.keys(schema.properties)) {
        const mayBeLeftOut = shape[name].safeParse(undefined).success;
        assert.equal(
          (schema.required ?? []).includes(name),
          !mayBeLeftOut,
          `${operation.id}: ${name} ${mayBeLeftOut ? 'may be left out' : 'is required'}`,
        );
      }
    }
  });

  it('asks a signature for its four fields only: opt-ins are unticked when left out', () => {
    const schema = documented('/api/campaigns/{slug}/signatures', 'post');
    assert.deepEqual([...(schema.required ?? [])].sort(), [
      'city',
      'email',
      'firstName',
      'lastName',
    ]);
  });
});

describe('GET /api/docs', () => {
  it('serves a readable, escaped, self-contained reference of every operation', async () => {
    const { app } = makeAdminApp();
    const response = await app.request('/api/docs');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type')!, /^text\/html/);
    assert.match(
      response.headers.get('content-security-policy')!,
      /^default-src 'none'; style-src 'sha256-[\w+/=]+'/,
    );
    const page = await response.text();
    for (const path of Object.keys(openApiDocument().paths))
      assert.ok(page.includes(`<code>${path}</code>`), path);
    assert.ok(page.includes('Bearer &lt;key&gt;'), 'text is escaped');
    assert.doesNotMatch(
      page,
      /<script|https?:\/\/(?!json-schema)[^"<\s]*\.(js|css)/,
      'no scripts, no CDN',
    );
  });
});
