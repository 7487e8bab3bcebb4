// Drives a running actgate with the vendors' official SDKs, unchanged, pointed at it by their base-URL options, and
// prints one JSON line per check: { check, ok, detail }. Started by DialectSdkEndToEndTest with API_URL,
// WORKSPACE_KEY, WORKSPACE_SECRET, MANAGER_TOKEN, TENANT_TOKEN, TENANT, API_KEY, CLIENT_ID, CLIENT_SECRET, DEMO_BASE_URL.
import { PipedreamClient } from '@pipedream/sdk';
import { Composio } from '@composio/core';
import { MembraneClient } from '@membranehq/sdk';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { ComposioToolSet } = require('composio-core');

const env = process.env;
const api = env.API_URL;
const tenant = env.TENANT;

async function check(name, fn) {
  try {
    const detail = await fn();
    console.log(JSON.stringify({ check: name, ok: true, detail: detail ?? null }));
  } catch (e) {
    console.log(JSON.stringify({ check: name, ok: false, detail: String(e && (e.stack || e.message || e)).slice(0, 2000) }));
  }
}
function expect(cond, message) {
  if (!cond) throw new Error(message);
}
async function http(method, path, token, body) {
  const r = await fetch(api + path, { method, headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

// ---- setup, through actgate's own API: a saved action on the demo app, and the tenant's connection id
const created = await http('POST', '/actions', env.MANAGER_TOKEN, { key: 'create-todo', name: 'Create a to-do', integrationKey: 'demo-todos',
  type: 'api-request-to-external-app',
  config: { request: { method: 'POST', path: '/todos', body: { title: { $var: '$.input.title' } } } },
  inputSchema: { type: 'object', required: ['title'], properties: { title: { type: 'string', description: 'What to do' } } } });
if (created.status !== 201 && created.status !== 200 && created.status !== 409) {
  throw new Error('cannot create the saved action: ' + JSON.stringify(created));
}
const connection = (await http('GET', '/connections/demo-todos', env.TENANT_TOKEN)).body;
const connectionId = connection.id;
// Composio connected-account ids carry their tenant (docs/migrating-from-composio.md); list them to learn it.
let composioAccountId;

// ================================================================== Pipedream (@pipedream/sdk 3.1.6)
const pd = new PipedreamClient({ baseUrl: api, projectId: env.WORKSPACE_KEY, clientId: env.CLIENT_ID, clientSecret: env.CLIENT_SECRET,
  projectEnvironment: 'development' });

await check('pipedream actions.run', async () => {
  const r = await pd.actions.run({ id: 'create-todo', externalUserId: tenant,
    configuredProps: { 'demo-todos': { authProvisionId: connectionId }, title: 'from pipedream' } });
  expect(r.ret && r.ret.title === 'from pipedream', JSON.stringify(r));
  expect(Array.isArray(r.os), 'os is an array: ' + JSON.stringify(r));
  return { ret: r.ret.title, exports: r.exports };
});
await check('pipedream actions.run failure is a result, not a retried 5xx', async () => {
  const r = await pd.actions.run({ id: 'create-todo', externalUserId: tenant,
    configuredProps: { 'demo-todos': { authProvisionId: connectionId }, title: '   ' } });
  const last = r.os[r.os.length - 1];
  expect(r.ret == null && last.k === 'error' && last.err.name === 'UPSTREAM_ERROR', JSON.stringify(r));
  return last.err.name;
});
await check('pipedream actions.list', async () => {
  const page = await pd.actions.list({ app: 'demo-todos' });
  const items = [];
  for await (const c of page) items.push(c);
  const create = items.find((c) => c.key === 'create-todo');
  expect(create && create.configurableProps.some((p) => p.name === 'title'), JSON.stringify(items));
  return items.map((c) => c.key);
});
await check('pipedream accounts.list', async () => {
  const page = await pd.accounts.list({ externalUserId: tenant });
  const items = [];
  for await (const a of page) items.push(a);
  expect(items.some((a) => a.id === connectionId && a.externalId === tenant), JSON.stringify(items));
  const other = [];
  for await (const a of await pd.accounts.list({ externalUserId: 'someone-else' })) other.push(a);
  expect(other.length === 0, 'another user sees nothing: ' + JSON.stringify(other));
  return items.length;
});
await check('pipedream proxy.get', async () => {
  const r = await pd.proxy.get({ url: env.DEMO_BASE_URL + '/todos', externalUserId: tenant, accountId: connectionId,
    params: { limit: 5 } });
  expect(Array.isArray(r.items) && r.items.some((t) => t.title === 'from pipedream'), JSON.stringify(r));
  return r.items.length;
});
await check('pipedream proxy refuses a URL outside the account', async () => {
  try {
    await pd.proxy.get({ url: 'http://169.254.169.254/latest/meta-data/', externalUserId: tenant, accountId: connectionId });
  } catch (e) {
    expect(e.statusCode === 400 && JSON.stringify(e.body).includes('UNSAFE_REQUEST_PATH'), String(e));
    return e.statusCode;
  }
  throw new Error('expected a refusal');
});

// ================================================================== Composio legacy (composio-core 0.5.39)
const toolset = new ComposioToolSet({ apiKey: env.API_KEY, baseUrl: api, entityId: tenant, allowTracing: false });

await check('composio-core connectedAccounts (entity)', async () => {
  const r = await toolset.client.connectedAccounts.list({ user_uuid: tenant });
  const mine = r.items.find((a) => a.id.endsWith('.' + connectionId));
  expect(mine && mine.status === 'ACTIVE', JSON.stringify(r));
  composioAccountId = mine.id;
  return mine.id;
});
await check('composio-core executeAction by connected account', async () => {
  const r = await toolset.executeAction({ action: 'CREATE_TODO', params: { title: 'from composio-core' },
    connectedAccountId: composioAccountId });
  expect(r.successful === true && r.data.title === 'from composio-core', JSON.stringify(r));
  return r.logId;
});
await check('composio-core executeAction by entity', async () => {
  const r = await toolset.executeAction({ action: 'CREATE_TODO', params: { title: 'by entity' }, entityId: tenant });
  expect(r.successful === true && r.data.title === 'by entity', JSON.stringify(r));
  return r.logId;
});
await check('composio-core getToolsSchema', async () => {
  const tools = await toolset.getToolsSchema({ actions: ['CREATE_TODO'] });
  expect(tools.length === 1 && tools[0].name === 'CREATE_TODO' && tools[0].parameters.properties.title, JSON.stringify(tools));
  return tools[0].name;
});

// ================================================================== Composio v3.1 (@composio/core 0.21.0)
const composio = new Composio({ apiKey: env.API_KEY, baseURL: api, allowTracking: false, disableVersionCheck: true });

await check('@composio/core tools.execute with a pinned version', async () => {
  const r = await composio.tools.execute('CREATE_TODO', { userId: tenant, connectedAccountId: composioAccountId,
    arguments: { title: 'from @composio/core' }, version: '1' });
  expect(r.successful === true && r.error === null && r.data.title === 'from @composio/core', JSON.stringify(r));
  return r.logId;
});
await check('@composio/core tools.execute without a version is refused by the SDK', async () => {
  try {
    await composio.tools.execute('CREATE_TODO', { userId: tenant, arguments: { title: 'never sent' } });
  } catch (e) {
    expect(e.name === 'ComposioToolVersionRequiredError' || String(e.code || '').includes('VERSION'), e.name + ': ' + e.message);
    return e.name;
  }
  throw new Error('expected ComposioToolVersionRequiredError');
});
await check('@composio/core unknown connected account', async () => {
  try {
    await composio.tools.execute('CREATE_TODO', { userId: tenant, connectedAccountId: 'ca_nope', arguments: { title: 'x' }, version: '1' });
  } catch (e) {
    expect(e.name === 'ComposioConnectedAccountNotFoundError', e.name + ': ' + e.message);
    return e.name;
  }
  throw new Error('expected ComposioConnectedAccountNotFoundError');
});

// ================================================================== Membrane SDK: the app's root path through the proxy
const membrane = new MembraneClient({ workspaceKey: env.WORKSPACE_KEY, workspaceSecret: env.WORKSPACE_SECRET, tenantKey: tenant, apiUri: api });
await check('membrane connection(sel).proxy.get("/") reaches the app', async () => {
  let answer;
  try {
    answer = await membrane.connection('demo-todos').proxy.get('/');
  } catch (e) {
    answer = { error: String(e.message || e) };
  }
  // The demo app has nothing at its root (it answers 404 itself); what matters is that actgate routed the call to it.
  const logs = (await http('GET', '/action-run-logs?limit=5', env.TENANT_TOKEN)).body;
  const run = logs.items.find((l) => l.door === 'proxy' && l.action && l.action.api && l.action.api.path === '/');
  expect(run && run.attempts === 1, 'a proxy run for "/" that called the app: ' + JSON.stringify(logs.items.map((l) => [l.door, l.action])));
  return { answer, run: run.id };
});
