// HubSpot Files: uploads a design screenshot (multipart, files/v3) into a folder and returns its id and URL.
import { z } from 'zod';
import { SCREENSHOT_FOLDER } from '../dataModel';
import { idSchema, parse, type StoreContext } from './context';
import type { CallOptions } from './runner';

export interface UploadFileInput {
  data: Buffer;
  /** With extension, e.g. "design-3fa85f64.png". */
  fileName: string;
  /** Defaults to the screenshot folder. */
  folderPath?: string;
  /** PUBLIC_NOT_INDEXABLE (default) lets the card show the image without a signed URL. */
  access?: 'PUBLIC_NOT_INDEXABLE' | 'PUBLIC_INDEXABLE' | 'PRIVATE';
}

export interface UploadedFile {
  id: string;
  url: string;
}

export interface FileOps {
  /** Uploads a file; the same bytes uploaded again to the same folder return the existing file. */
  uploadFile(input: UploadFileInput, options?: CallOptions): Promise<UploadedFile>;
}

const uploadResponse = z
  .looseObject({ id: idSchema, url: z.string().optional(), defaultHostingUrl: z.string().optional() })
  .refine((file) => Boolean(file.url ?? file.defaultHostingUrl));

export function fileOps(ctx: StoreContext): FileOps {
  return {
    async uploadFile(input, options = {}) {
      const what = `upload ${input.fileName}`;
      // RETURN_EXISTING within the folder makes a retried or repeated upload of the same screenshot a no-op.
      const uploadOptions = JSON.stringify({
        access: input.access ?? 'PUBLIC_NOT_INDEXABLE',
        duplicateValidationStrategy: 'RETURN_EXISTING',
        duplicateValidationScope: 'EXACT_FOLDER',
      });
      const raw = await ctx.call(
        { operation: what, idempotent: true },
        () =>
          ctx.client.files.filesApi.upload(
            { data: input.data, name: input.fileName },
            undefined,
            input.folderPath ?? SCREENSHOT_FOLDER,
            input.fileName,
            undefined,
            uploadOptions,
          ),
        options,
      );
      const file = parse(uploadResponse, raw, what);
      return { id: file.id, url: (file.url ?? file.defaultHostingUrl) as string };
    },
  };
}
