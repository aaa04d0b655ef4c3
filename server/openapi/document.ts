/**
 * The OpenAPI 3.1 document, generated from the zod schemas the server validates with (zod 4's
 * own `z.toJSONSchema`, whose JSON Schema 2020-12 is what OpenAPI 3.1 speaks). Every route the
 * app serves is listed in public.ts or admin.ts; a test holds them to the router.
 */
import * as z from 'zod';
import { ADMIN_OPERATIONS } from './admin.ts';
import type { Operation } from './operations.ts';
import { CONFIRMATION_OPERATIONS } from './confirmation.ts';
import { PARTNER_OPERATIONS } from './partners.ts';
import { PUBLIC_OPERATIONS } from './public.ts';
import { WEBHOOK_OPERATIONS } from './webhooks.ts';
import { problemSchema } from './schemas.ts';

type JsonSchema = Record<string, unknown>;

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };

/**
 * A schema as JSON Schema. What a client sends (request bodies, query parameters) is described as
 * the server accepts it (`input`: a field with a default may be left out, a string is checked
 * after trimming); what the server sends back as it is (`output`).
 */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const generated = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  // The dialect is the document's (OpenAPI 3.1 = 2020-12); `$schema` per schema is noise.
  delete generated.$schema;
  return generated;
}

const PATH_PARAMETERS: Record<string, string> = {
  slug: "The campaign's slug.",
  partner: "The partner's slug.",
  delivery: 'The numeric id of a delivery.',
};

function parametersOf(operation: Operation) {
  const parameters: JsonSchema[] = [];
  for (const name of operation.path.match(/\{(\w+)\}/g) ?? []) {
    const bare = name.slice(1, -1);
    const description = PATH_PARAMETERS[bare] ?? 'The numeric id.';
    const schema = { type: bare === 'id' || bare === 'delivery' ? 'integer' : 'string' };
    parameters.push({ name: bare, in: 'path', required: true, description, schema });
  }
  for (const [name, schema] of Object.entries(operation.query?.shape ?? {})) {
    // OpenAPI puts a parameter's description beside its schema, not in it.
    const { description, ...described } = jsonSchema(schema as z.ZodType, 'input');
    const required = !(schema as z.ZodType).isOptional();
    const explained = description ? { description } : {};
    parameters.push({ name, in: 'query', required, ...explained, schema: described });
  }
  for (const header of operation.headers ?? []) {
    parameters.push({ in: 'header', required: false, schema: { type: 'string' }, ...header });
  }
  return parameters;
}

function requestBodyOf(body: z.ZodType) {
  return {
    required: true,
    content: { 'application/json': { schema: jsonSchema(body, 'input') } },
  };
}

function responsesOf(operation: Operation) {
  const responses: Record<string, JsonSchema> = {};
  for (const [status, answer] of Object.entries(operation.responses)) {
    const content = answer.schema
      ? { [answer.type ?? 'application/json']: { schema: jsonSchema(answer.schema, 'output') } }
      : answer.type
        ? { [answer.type]: { schema: { type: 'string' } } }
        : undefined;
    responses[status] = { description: answer.description, ...(content ? { content } : {}) };
  }
  const unauthorized = operation.admin
    ? {
        401: 'No valid admin key (see WWW-Authenticate).',
        403: 'A partner key, outside what it may see.',
      }
    : {};
  const errors = { ...unauthorized, ...operation.errors };
  for (const [status, description] of Object.entries(errors)) {
    const content = { 'application/problem+json': { schema: PROBLEM_REF } };
    responses[status] = { description, content };
  }
  return responses;
}

function build() {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const operation of [
    ...PUBLIC_OPERATIONS,
    ...CONFIRMATION_OPERATIONS,
    ...ADMIN_OPERATIONS,
    ...PARTNER_OPERATIONS,
    ...WEBHOOK_OPERATIONS,
  ]) {
    const parameters = parametersOf(operation);
    paths[operation.path] ??= {};
    paths[operation.path][operation.method] = {
      operationId: operation.id,
      summary: operation.summary,
      ...(operation.description ? { description: operation.description } : {}),
      tags: [operation.admin ? 'Admin' : operation.path.startsWith('/api/') ? 'Public' : 'Site'],
      // Public operations say so (an empty list), rather than leave a reader to guess.
      security: operation.admin ? [{ adminKey: [] }] : [],
      ...(parameters.length ? { parameters } : {}),
      ...(operation.body ? { requestBody: requestBodyOf(operation.body) } : {}),
      responses: responsesOf(operation),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Petition widget API',
      version: '1',
      description:
        'The public API the widget calls, and the admin API campaign staff script against. Errors are ' +
        'application/problem+json (RFC 9457); per-field errors never echo what was sent.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    // Relative: the document describes whichever server serves it.
    servers: [{ url: '/', description: 'The server that serves this document' }],
    tags: [
      { name: 'Public', description: 'CORS-enabled; what the widget and any page may call.' },
      { name: 'Admin', description: 'Authorization: Bearer <key>. Never in the query string.' },
      { name: 'Site', description: 'The widget bundle, the demo page, health.' },
    ],
    paths,
    components: {
      schemas: { Problem: jsonSchema(problemSchema, 'output') },
      securitySchemes: {
        adminKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'An admin key (pk_...) or PETITION_ADMIN_TOKEN.',
        },
      },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof build>;

let cached: OpenApiDocument | undefined;

/** The document; built on first use (a few milliseconds), then the same object. */
export function openApiDocument(): OpenApiDocument {
  return (cached ??= build());
}
