// The official MCP TypeScript SDK against actgate's local runtime: prints one JSON line per check.
// Env: MCP_URL, ALICE_TOKEN, BOB_TOKEN.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const url = new URL(process.env.MCP_URL);
const report = (check, ok, detail = '') => console.log(JSON.stringify({ check, ok: !!ok, detail: String(detail).slice(0, 500) }));

async function connect(token) {
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  const client = new Client({ name: 'actgate-e2e', version: '0.0.1' });
  await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers } }));
  return client;
}

async function allTools(client) {
  const tools = [];
  let cursor;
  let pages = 0;
  do {
    const page = await client.listTools(cursor ? { cursor } : undefined);
    tools.push(...page.tools);
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 100);
  return { tools, pages };
}

async function step(name, fn) {
  try {
    await fn();
  } catch (e) {
    report(name, false, e && e.stack ? e.stack : e);
  }
}

let alice;
await step('connect with a bearer header', async () => {
  alice = await connect(process.env.ALICE_TOKEN);
  const v = alice.getServerVersion();
  report('connect with a bearer header', v && v.name === 'actgate', JSON.stringify(v));
});

let aliceTools = [];
await step('tools/list pages through nextCursor', async () => {
  const { tools, pages } = await allTools(alice);
  aliceTools = tools;
  const names = tools.map((t) => t.name);
  report('tools/list pages through nextCursor', pages > 1 && names.includes('stripe_get-customer') && names.includes('crm_create-contact')
    && new Set(names).size === names.length, `${pages} pages: ${names.join(',')}`);
});

await step('call a catalog action against the local upstream', async () => {
  const r = await alice.callTool({ name: 'stripe_get-customer', arguments: { customerId: 'cus_e2e' } });
  const out = JSON.parse(r.content[0].text);
  report('call a catalog action against the local upstream', !r.isError && out.path === '/stripe/customers/cus_e2e'
    && out.authorization === 'Bearer sk_test_alice', r.content[0].text);
});

await step('structuredContent passes the SDK output-schema check', async () => {
  const r = await alice.callTool({ name: 'crm_create-contact', arguments: { name: 'Ada' } });
  report('structuredContent passes the SDK output-schema check', !r.isError && r.structuredContent && r.structuredContent.id === 'c_1',
    JSON.stringify(r));
});

await step('a failing upstream is isError', async () => {
  const r = await alice.callTool({ name: 'stripe_get-customer', arguments: { customerId: 'missing' } });
  report('a failing upstream is isError', r.isError === true && /404/.test(r.content[0].text) && /No such customer/.test(r.content[0].text),
    r.content[0].text);
});

await step('invalid arguments are isError with every violation', async () => {
  const r = await alice.callTool({ name: 'crm_create-contact', arguments: { name: 5 } });
  report('invalid arguments are isError with every violation', r.isError === true && /\/name/.test(r.content[0].text), r.content[0].text);
});

await step("tenant B lists none of tenant A's tools and cannot call them", async () => {
  const bob = await connect(process.env.BOB_TOKEN);
  const { tools } = await allTools(bob);
  const names = tools.map((t) => t.name);
  let callError = null;
  try {
    await bob.callTool({ name: 'stripe_get-customer', arguments: { customerId: 'cus_1' } });
  } catch (e) {
    callError = e;
  }
  const leaked = JSON.stringify(tools).includes('alice');
  report("tenant B lists none of tenant A's tools and cannot call them",
    !leaked && !names.includes('stripe_get-customer') && callError && callError.code === -32602,
    `${names.join(',')} / ${callError && callError.message}`);
  await bob.close();
});

await step('no token is 401', async () => {
  let status = null;
  try {
    await connect(null);
  } catch (e) {
    status = e.code;
  }
  report('no token is 401', status === 401, `status ${status}`);
});

if (alice) {
  await alice.close();
}
