// Files v3 routes: multipart upload, read a file by id, folders by id or path, and the public file URLs HubSpot's CDN serves.
import type { SimResponse } from '../../shared/httpServer';
import { badRequest, notFound } from '../errors';
import { parseMultipart } from '../multipart';
import type { SimFile } from '../portal';
import { json, objectBody, type RouteKit } from './kit';

const FILE_ACCESS = ['PUBLIC_INDEXABLE', 'PUBLIC_NOT_INDEXABLE', 'HIDDEN_INDEXABLE', 'HIDDEN_NOT_INDEXABLE', 'HIDDEN_PRIVATE', 'PRIVATE', 'HIDDEN_SENSITIVE', 'SENSITIVE'];

/** A file as HubSpot's Files v3 API describes it. */
function fileJson(file: SimFile) {
  return {
    id: file.id,
    name: file.name,
    extension: file.extension,
    path: file.path,
    ...(file.folderId ? { parentFolderId: file.folderId } : {}),
    size: file.data.length,
    type: file.contentType.startsWith('image/') ? 'IMG' : 'OTHER',
    encoding: file.extension,
    access: file.access,
    url: file.url,
    defaultHostingUrl: file.url,
    isUsableInContent: true,
    createdAt: file.createdAt,
    updatedAt: file.updatedAt,
    archived: false,
  };
}

export function registerFileRoutes(kit: RouteKit): void {
  const { router, portal, requireAny, route } = kit;

  const folderJson = (f: { id: string; name: string; path: string; parentFolderId: string | null; createdAt: string; updatedAt: string }) => ({
    ...f,
    ...(f.parentFolderId === null ? { parentFolderId: undefined } : {}),
    archived: false,
  });

  router.post(
    '/files/v3/files',
    route('write', (req) => {
      requireAny(req, ['files']);
      const parts = parseMultipart(req.headers['content-type'], req.rawBody);
      if (!parts) throw badRequest('The upload must be multipart/form-data.');
      const field = (name: string) => parts.find((p) => p.name === name && p.filename === undefined)?.data.toString('utf8');
      const file = parts.find((p) => p.name === 'file');
      if (!file || file.data.length === 0) throw badRequest('A file is required.');
      let options: Record<string, unknown>;
      try {
        options = JSON.parse(field('options') ?? '') as Record<string, unknown>;
      } catch {
        throw badRequest('options must be JSON with an "access" value.');
      }
      if (typeof options.access !== 'string' || !FILE_ACCESS.includes(options.access)) throw badRequest(`options.access must be one of ${FILE_ACCESS.join(', ')}.`);
      const folderId = field('folderId');
      const folderPath = field('folderPath');
      if (folderId && folderPath) throw badRequest('Send either folderId or folderPath, not both.');
      const folder = folderId ? portal.folders.get(folderId) : folderPath ? portal.ensureFolderPath(folderPath) : undefined;
      if (folderId && !folder) throw notFound(`Folder ${folderId} does not exist`);
      const saved = portal.uploadFile({
        data: file.data,
        originalName: file.filename ?? 'file',
        ...(file.contentType ? { contentType: file.contentType } : {}),
        ...(folder ? { folder } : {}),
        ...(field('fileName') ? { fileName: field('fileName') as string } : {}),
        access: options.access,
        duplicate: { strategy: String(options.duplicateValidationStrategy ?? 'NONE'), scope: String(options.duplicateValidationScope ?? 'ENTIRE_PORTAL') },
      });
      return json(201, fileJson(saved));
    }),
  );

  // [DOCS] GET /files/v3/files/{fileId} answers the same File object as the upload (docs/simulators.md#what-the-simulator-answers).
  router.get(
    '/files/v3/files/:fileId',
    route('read', (req) => {
      requireAny(req, ['files']);
      const file = portal.files.get(req.params.fileId as string);
      if (!file) throw notFound(`File ${req.params.fileId} does not exist`);
      return json(200, fileJson(file));
    }),
  );

  router.get(
    '/files/v3/folders/:folder',
    route('read', (req) => {
      requireAny(req, ['files']);
      const ref = req.params.folder as string;
      const folder = /^\d+$/.test(ref) ? portal.folders.get(ref) : portal.folderByPath(ref);
      if (!folder) throw notFound(`Folder ${ref} does not exist`);
      return json(200, folderJson(folder));
    }),
  );

  router.post(
    '/files/v3/folders',
    route('write', (req) => {
      requireAny(req, ['files']);
      return json(201, folderJson(portal.createFolder(objectBody(req))));
    }),
  );

  // Public file URLs (what HubSpot's CDN serves): no token, not rate limited.
  router.get('/__files/:fileId/:name', (req): SimResponse => {
    const file = portal.files.get(req.params.fileId as string);
    if (!file) return { status: 404, raw: Buffer.from('Not found'), headers: { 'content-type': 'text/plain' } };
    if (!file.access.startsWith('PUBLIC')) return { status: 403, raw: Buffer.from('This file is private'), headers: { 'content-type': 'text/plain' } };
    return { status: 200, raw: file.data, headers: { 'content-type': file.contentType, 'cache-control': 'no-store' } };
  });
}
