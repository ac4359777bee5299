// HubSpot's no-parent-imports rule, minus `import type`: type-only imports are erased before bundling, so they
// cannot reach HubSpot's build; the card and settings page use them to share the function contract with src/core.
import { config as hubspotUiExtensions } from '@hubspot/eslint-config-ui-extensions';

const plugin = hubspotUiExtensions.flatMap((entry) => Object.values(entry.plugins ?? {}))[0];
const hubspotRule = plugin.rules['no-parent-imports'];

export const noParentValueImports = {
  meta: hubspotRule.meta,
  create(context) {
    const listeners = hubspotRule.create(context);
    return {
      ImportDeclaration(node) {
        if (node.importKind === 'type') return;
        listeners.ImportDeclaration(node);
      },
    };
  },
};
