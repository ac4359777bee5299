// Aurora projects: create, retrieve, update, and list with page/per_page paging as an async iterator (docs/aurora-api.md#projects).
import { z } from 'zod';
import type { AuroraCaller, RequestOptions } from '../caller';
import { withoutNulls } from '../caller';
import { PAGINATION } from '../inferred';
import { auroraProjectSchema, type AuroraProject, type AuroraProjectCreate, type AuroraProjectUpdate } from '../schemas';

export interface ListProjectsOptions {
  /** Page size; default 100, capped at Aurora's 250 ([3P-NOTES] docs/aurora-api.md#listing-projects). */
  perPage?: number;
  /** First page to read (1-based); default 1. */
  startPage?: number;
  /** Stop after this many pages (a safety net for huge tenants). */
  maxPages?: number;
}

export class Projects {
  constructor(private readonly client: AuroraCaller) {}

  /** POST /tenants/{tenant_id}/projects ([DOCS] create-a-project tutorial). Null and missing fields are left out. */
  create(project: AuroraProjectCreate, options: RequestOptions = {}): Promise<AuroraProject> {
    return this.client.call('createProject', { ...options, body: { project: withoutNulls(project) }, root: 'project', schema: auroraProjectSchema });
  }

  /** GET /tenants/{tenant_id}/projects/{project_id} */
  retrieve(projectId: string, options: RequestOptions = {}): Promise<AuroraProject> {
    return this.client.call('retrieveProject', { ...options, params: { projectId }, root: 'project', schema: auroraProjectSchema });
  }

  /** PUT /tenants/{tenant_id}/projects/{project_id} (verb in inferred.ts). Only the fields given are sent. */
  update(projectId: string, changes: AuroraProjectUpdate, options: RequestOptions = {}): Promise<AuroraProject> {
    return this.client.call('updateProject', {
      ...options,
      params: { projectId },
      body: { project: withoutNulls(changes) },
      root: 'project',
      schema: auroraProjectSchema,
    });
  }

  /** One page of GET /tenants/{tenant_id}/projects, newest first. */
  listPage(page = 1, perPage: number = PAGINATION.defaultPerPage, options: RequestOptions = {}): Promise<AuroraProject[]> {
    const size = Math.min(Math.max(1, Math.floor(perPage)), PAGINATION.maxPerPage);
    return this.client.call('listProjects', {
      ...options,
      query: { [PAGINATION.pageParam]: page, [PAGINATION.perPageParam]: size },
      root: 'projects',
      schema: z.array(auroraProjectSchema),
    });
  }

  /** Every project, page by page; stops at the first short page (no total count is returned, docs/aurora-api.md#listing-projects). */
  async *list(listOptions: ListProjectsOptions = {}, options: RequestOptions = {}): AsyncGenerator<AuroraProject, void, undefined> {
    const perPage = Math.min(Math.max(1, Math.floor(listOptions.perPage ?? PAGINATION.defaultPerPage)), PAGINATION.maxPerPage);
    const first = listOptions.startPage ?? 1;
    for (let page = first; listOptions.maxPages === undefined || page < first + listOptions.maxPages; page++) {
      const projects = await this.listPage(page, perPage, options);
      yield* projects;
      if (projects.length < perPage) return;
    }
  }
}
