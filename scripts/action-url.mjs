// Points the workflow actions at the app's action endpoint: rewrites `actionUrl` in every
// src/app/workflow-actions/*-hsmeta.json, keeping each action's `?action=` name. Deploy afterwards.
// Usage: npm run action-url -- https://www.example.com                      (the public endpoint function on that domain)
//        npm run action-url -- https://actions.example.com/aurora/workflow-action   (a standalone host, any path)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'app', 'workflow-actions');
const ENDPOINT_PATH = '/hs/serverless/aurora/workflow-action';

const given = process.argv[2];
let base;
try {
  base = new URL(given ?? '');
} catch {
  console.error('Give the HTTPS address of your HubSpot domain (or of your standalone host), e.g. npm run action-url -- https://www.example.com');
  process.exit(1);
}
if (base.protocol !== 'https:') {
  console.error('HubSpot calls workflow actions over HTTPS only: the address must start with https://');
  process.exit(1);
}
const endpoint = `${base.origin}${base.pathname === '/' ? ENDPOINT_PATH : base.pathname.replace(/\/+$/, '')}`;

for (const file of readdirSync(dir).filter((name) => name.endsWith('-hsmeta.json')).sort()) {
  const full = path.join(dir, file);
  const meta = JSON.parse(readFileSync(full, 'utf8'));
  const action = new URL(meta.config.actionUrl).searchParams.get('action');
  meta.config.actionUrl = `${endpoint}?action=${action}`;
  writeFileSync(full, `${JSON.stringify(meta, null, 2)}\n`);
  console.log(`${meta.uid}: ${meta.config.actionUrl}`);
}
console.log('Now deploy (npm run deploy) so HubSpot calls these addresses.');
