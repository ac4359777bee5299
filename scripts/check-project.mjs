// Parses the project with HubSpot's own @hubspot/project-parsing-lib (offline, skipValidation) and prints JSON:
// the components it found, the hsmeta files it skipped, and uid validation errors. Used by the project check test.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { translate } from '@hubspot/project-parsing-lib/translate';
import { validateUid } from '@hubspot/project-parsing-lib/uid';
import { parseProjectConfig, validateProjectConfig } from '@hubspot/project-parsing-lib/projects';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const projectConfig = parseProjectConfig(root);
validateProjectConfig(projectConfig, root);
const projectSourceDir = path.join(root, projectConfig.srcDir);
const { intermediateRepresentation, skippedHsMetaFiles } = await translate(
  { projectSourceDir, platformVersion: projectConfig.platformVersion, accountId: 0 },
  { skipValidation: true },
);
const nodes = Object.values(intermediateRepresentation.intermediateNodesIndexedByUid);
const components = nodes.map((node) => ({ uid: node.uid, type: node.componentType, config: node.config }));
const uidErrors = components.map((c) => validateUid(c.uid)).filter(Boolean);
process.stdout.write(JSON.stringify({ projectConfig, components, skippedHsMetaFiles, uidErrors }, null, 2));
