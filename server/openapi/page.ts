/**
 * The API reference page (`GET /api/docs`) and the document itself (`GET /api/openapi.json`).
 *
 * Rendered on the server from the OpenAPI document, with no script and no CDN: it works offline
 * and behind any firewall. Every interpolation goes through hono/html, which escapes it. The one
 * inline style is allowed by its hash, so the page's CSP stays as strict as the API's otherwise.
 */
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { html, raw } from 'hono/html';
import type { OpenApiDocument } from './document.ts';
import { openApiDocument } from './document.ts';

type Json = Record<string, unknown>;

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
h2{margin-top:2.5rem;border-bottom:1px solid #ccc}section{margin:1.5rem 0;padding:.5rem 1rem;border-left:4px solid #ccc}
.get{border-color:#2a7}.post{border-color:#27c}.patch{border-color:#c80}.delete{border-color:#c33}
code,pre{font:13px ui-monospace,monospace}pre{background:#f5f5f5;padding:.5rem;overflow:auto;max-height:24rem}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top}
.method{font-weight:bold;text-transform:uppercase}.lock{color:#a40}td:nth-child(5){min-width:16rem}`;

const CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; frame-ancestors 'none'`;

function schemaText(schema: unknown): string {
  return JSON.stringify(readable(schema), null, 2);
}

/** A schema for reading: a `format` says what its long generated `pattern` says, so that goes. */
function readable(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(readable);
  if (typeof schema !== 'object' || schema === null) return schema;
  const entries = Object.entries(schema).filter(
    ([key]) => !(key === 'pattern' && 'format' in schema),
  );
  return Object.fromEntries(entries.map(([key, value]) => [key, readable(value)]));
}

function parameterRows(parameters: Json[]) {
  return parameters.map(
    (parameter) => html`<tr>
      <td><code>${parameter.name}</code></td><td>${parameter.in}</td><td>${parameter.required ? 'yes' : 'no'}</td>
      <td><code>${JSON.stringify(readable(parameter.schema))}</code></td><td>${parameter.description ?? ''}</td>
    </tr>`,
  );
}

function operationSection(path: string, method: string, operation: Json) {
  const parameters = (operation.parameters ?? []) as Json[];
  const body = (operation.requestBody as Json | undefined)?.content as
    | Record<string, Json>
    | undefined;
  const responses = Object.entries(operation.responses as Record<string, Json>);
  return html`<section class="${method}" id="${operation.operationId}">
    <h3><span class="method">${method}</span> <code>${path}</code>
      ${(operation.security as unknown[] | undefined)?.length ? html`<span class="lock" title="Authorization: Bearer">admin key</span>` : ''}</h3>
    <p>${operation.summary}</p>
    ${operation.description ? html`<p>${operation.description}</p>` : ''}
    ${
      parameters.length
        ? html`<table><tr><th>parameter</th><th>in</th><th>required</th><th>schema</th><th>meaning</th></tr>${parameterRows(parameters)}</table>`
        : ''
    }
    ${body ? html`<h4>Request body (application/json)</h4><pre>${schemaText(body['application/json'].schema)}</pre>` : ''}
    <h4>Responses</h4>
    <table>${responses.map(([status, answer]) => {
      const content = answer.content as Record<string, Json> | undefined;
      const type = content ? Object.keys(content)[0] : '';
      const schema = content?.[type]?.schema;
      return html`<tr><td>${status}</td><td>${answer.description}</td><td>${type}</td>
        <td>${schema && type === 'application/json' ? html`<details><summary>schema</summary><pre>${schemaText(schema)}</pre></details>` : ''}</td></tr>`;
    })}</table>
  </section>`;
}

/** The whole page. */
export function renderApiReference(document: OpenApiDocument) {
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      path,
      method,
      operation: operation as Json,
    })),
  );
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${document.info.title}</title><style>${raw(STYLE)}</style></head>
<body><h1>${document.info.title}</h1><p>${document.info.description}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${document.openapi}).</p>
<nav><ul>${operations.map(
    ({ path, method, operation }) =>
      html`<li><a href="#${operation.operationId}">${method.toUpperCase()} ${path}</a></li>`,
  )}</ul></nav>
${document.tags.map(
  (tag) => html`<h2>${tag.name}</h2><p>${tag.description}</p>
  ${operations.filter(({ operation }) => (operation.tags as string[])[0] === tag.name).map(({ path, method, operation }) => operationSection(path, method, operation))}`,
)}
<h2>Errors</h2><p>Every error is <code>application/problem+json</code>:</p><pre>${schemaText(document.components.schemas.Problem)}</pre>
</body></html>`;
}

/** `/openapi.json` and `/docs`, mounted at `/api`. */
export function docsRoutes() {
  const app = new Hono();
  app.get('/openapi.json', (c) => {
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(openApiDocument());
  });
  app.get('/docs', async (c) => {
    c.header('Content-Security-Policy', CSP);
    c.header('Cache-Control', 'public, max-age=300');
    return c.html(await renderApiReference(openApiDocument()));
  });
  return app;
}
