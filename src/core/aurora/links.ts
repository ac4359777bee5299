// Deep links into the Aurora web app: [CODE] hdohnert-helio/aurora-zoho-sync main.py; the docs say project_id suffices.
// The app origin comes from config (v2.aurorasolar.com, v2-sandbox.aurorasolar.com, or the simulator).

const origin = (appUrl: string) => appUrl.replace(/\/+$/, '');

/** The project's dashboard in Aurora. */
export function auroraProjectUrl(appUrl: string, projectId: string): string {
  return `${origin(appUrl)}/projects/${encodeURIComponent(projectId)}/overview/dashboard`;
}

/** A design open in Aurora's CAD view. */
export function auroraDesignUrl(appUrl: string, projectId: string, designId: string): string {
  return `${origin(appUrl)}/projects/${encodeURIComponent(projectId)}/designs/${encodeURIComponent(designId)}/cad`;
}
