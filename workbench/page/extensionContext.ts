// The pretend HubSpot user the extensions run as, and the stand-in for host actions the workbench does not offer.

export const demoUser = {
  id: 1,
  email: 'riley.rep@example.com',
  emails: ['riley.rep@example.com'],
  firstName: 'Riley',
  lastName: 'Rep',
  roles: [],
  teams: [],
  locale: 'en-us',
  language: 'en',
  permissions: ['integrations-management-write'],
};

/** An action HubSpot offers but the workbench does not (overlays, navigation): calling it fails loudly. */
export const unsupportedAction = (name: string) => () => {
  const message = `actions.${name} is not supported by the workbench.`;
  console.error(`[workbench] ${message}`);
  throw new Error(message);
};
