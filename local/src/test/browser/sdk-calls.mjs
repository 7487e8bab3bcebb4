// Runs the official SDK's calls (compatibility.md) against a running actgate and prints one JSON line per check:
// { check, ok, detail }. Started by SdkCompatibilityEndToEndTest with API_URL, WORKSPACE_KEY, WORKSPACE_SECRET,
// MANAGER_TOKEN, DEMO_BASE_URL, DEMO_API_KEY.
import { MembraneClient } from '@membranehq/sdk';

const env = process.env;
const apiUri = env.API_URL;
// The SDK mints its own HS256 token ({ iss, id, exp }) from the workspace credentials.
const tenant = new MembraneClient({ workspaceKey: env.WORKSPACE_KEY, workspaceSecret: env.WORKSPACE_SECRET, tenantKey: 'sdk-tenant', apiUri });
const manager = new MembraneClient({ token: env.MANAGER_TOKEN, apiUri });

async function check(name, fn) {
  try {
    const detail = await fn();
    console.log(JSON.stringify({ check: name, ok: true, detail: detail ?? null }));
  } catch (e) {
    console.log(JSON.stringify({ check: name, ok: false, detail: String(e && (e.message || e)), data: e && e.data }));
  }
}
function expect(cond, message) {
  if (!cond) throw new Error(message);
}

await check('connections.find (empty)', async () => {
  const r = await tenant.connections.find();
  expect(Array.isArray(r.items) && r.items.length === 0, 'expected { items: [] }, got ' + JSON.stringify(r));
});
await check('integrations.create', async () => {
  const r = await manager.integrations.create({ key: 'sdk-todos', name: 'SDK todos', baseUrl: env.DEMO_BASE_URL,
    auth: { type: 'api-key', in: 'header', name: 'X-Api-Key' } });
  expect(r.key === 'sdk-todos' && r.id, JSON.stringify(r));
});
await check('integrations.find', async () => {
  const r = await tenant.integrations.find({ search: 'sdk' });
  expect(r.items.some((i) => i.key === 'sdk-todos'), JSON.stringify(r));
});
await check('integration(sel).get / patch / put', async () => {
  const got = await tenant.integration('sdk-todos').get();
  expect(got.key === 'sdk-todos', JSON.stringify(got));
  const patched = await manager.integration('sdk-todos').patch({ name: 'SDK to-dos' });
  expect(patched.name === 'SDK to-dos', JSON.stringify(patched));
  const put = await manager.integration(got.id).put({ key: 'sdk-todos', name: 'SDK to-dos 2', baseUrl: env.DEMO_BASE_URL,
    auth: { type: 'api-key', in: 'header', name: 'X-Api-Key' } });
  expect(put.name === 'SDK to-dos 2', JSON.stringify(put));
});
await check('connections.create', async () => {
  const c = await tenant.connections.create({ integrationKey: 'sdk-todos', key: 'sdk-conn', name: 'From the SDK',
    credentials: { apiKey: env.DEMO_API_KEY } });
  expect(c.state === 'READY' && c.key === 'sdk-conn', JSON.stringify(c));
});
await check('connection(sel).get / patch / put', async () => {
  const c = await tenant.connection('sdk-conn').get();
  expect(c.key === 'sdk-conn' && !JSON.stringify(c).includes(env.DEMO_API_KEY), 'no secret in the record');
  const p = await tenant.connection(c.id).patch({ name: 'Patched' });
  expect(p.name === 'Patched', JSON.stringify(p));
  const put = await tenant.connection('sdk-conn').put({ name: 'Put', key: 'sdk-conn' });
  expect(put.name === 'Put', JSON.stringify(put));
});
await check('connection(sel).proxy.post / get', async () => {
  const created = await tenant.connection('sdk-conn').proxy.post('/todos', { title: 'via the SDK proxy' });
  expect(created.title === 'via the SDK proxy', JSON.stringify(created));
  const list = await tenant.connection('sdk-conn').proxy.get('/todos');
  expect(list.items.some((t) => t.title === 'via the SDK proxy'), JSON.stringify(list));
});
await check('connection(sel).request', async () => {
  const created = await tenant.connection('sdk-conn').request('/todos', { title: 'via request' });
  expect(created.title === 'via request', JSON.stringify(created));
});
await check('connection(sel).refreshCredentials', async () => {
  const c = await tenant.connection('sdk-conn').refreshCredentials();
  expect(c.state === 'READY', JSON.stringify(c));
});
await check('actions.create (integration level)', async () => {
  const a = await manager.actions.create({ key: 'list-todos', name: 'List to-dos', type: 'api-request-to-external-app',
    integrationKey: 'sdk-todos', config: { request: { method: 'GET', path: '/todos' } },
    inputSchema: { type: 'object', properties: {} } });
  expect(a.key === 'list-todos' && a.id, JSON.stringify(a));
});
await check('actions.find / findAll', async () => {
  const r = await tenant.actions.find({ integrationKey: 'sdk-todos' });
  expect(r.items.some((a) => a.key === 'list-todos'), JSON.stringify(r));
  const all = await tenant.actions.findAll({ integrationKey: 'sdk-todos' });
  expect(all.some((a) => a.key === 'list-todos'), JSON.stringify(all));
});
await check('action(sel).get / patch / put', async () => {
  const got = await tenant.action('list-todos').get();
  expect(got.key === 'list-todos', JSON.stringify(got));
  const patched = await manager.action(got.id).patch({ name: 'List all to-dos' });
  expect(patched.name === 'List all to-dos', JSON.stringify(patched));
  const put = await manager.action(got.id).put({ key: 'list-todos', name: 'To-dos', type: 'api-request-to-external-app',
    integrationKey: 'sdk-todos', config: { request: { method: 'GET', path: '/todos' } } });
  expect(put.name === 'To-dos', JSON.stringify(put));
});
await check('action({ key, integrationKey }).get', async () => {
  const got = await tenant.action({ key: 'list-todos', integrationKey: 'sdk-todos' }).get();
  expect(got.key === 'list-todos', JSON.stringify(got));
});
await check('action(sel).run(input, { connectionKey })', async () => {
  const r = await tenant.action('list-todos').run({}, { connectionKey: 'sdk-conn' });
  expect(Array.isArray(r.output.items) && r.actionRunId, JSON.stringify(r));
});
await check('connection(sel).actions.list and action(key).run', async () => {
  const list = await tenant.connection('sdk-conn').actions.list();
  expect(list.items.some((a) => a.key === 'list-todos'), JSON.stringify(list));
  const r = await tenant.connection('sdk-conn').action('list-todos').run({});
  expect(Array.isArray(r.output.items), JSON.stringify(r));
});
await check('action(sel).archive / restore', async () => {
  await manager.action('list-todos').archive();
  const hidden = await tenant.actions.find({ integrationKey: 'sdk-todos' });
  expect(!hidden.items.some((a) => a.key === 'list-todos'), 'archived actions are hidden');
  const restored = await manager.action('list-todos').restore();
  expect(!restored.archivedAt, JSON.stringify(restored));
});
await check('typed errors carry the body', async () => {
  try {
    await tenant.connection('no-such-connection').get();
  } catch (e) {
    const text = JSON.stringify(e.data ?? {}) + ' ' + e.message;
    expect(text.includes('CONNECTION_NOT_FOUND') || text.includes('not found'), text);
    return e.constructor && e.constructor.name;
  }
  throw new Error('expected an error');
});
await check('connection(sel).archive and connections.find', async () => {
  await tenant.connection('sdk-conn').archive();
  const r = await tenant.connections.find();
  expect(!r.items.some((c) => c.key === 'sdk-conn'), 'archived connections vanish from lists');
});
await check('integration(sel).archive / restore', async () => {
  await manager.integration('sdk-todos').archive();
  const hidden = await tenant.integrations.find();
  expect(!hidden.items.some((i) => i.key === 'sdk-todos'), 'archived integrations are hidden');
  const restored = await manager.integration('sdk-todos').restore();
  expect(!restored.archivedAt, JSON.stringify(restored));
});
