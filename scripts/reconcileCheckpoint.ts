// A reconciliation checkpoint kept in a JSON file, replaced atomically (write, then rename) so a crash mid-write
// leaves the previous checkpoint intact.
import { promises as fs } from 'node:fs';
import { z } from 'zod';
import type { Checkpoint, CheckpointStore } from '../src/core/useCases/reconcile';

const tally = z.object({ linked: z.number(), synced: z.number(), unchanged: z.number(), failed: z.number() });
const checkpointSchema = z.object({
  version: z.literal(1),
  dryRun: z.boolean(),
  afterDealId: z.string().regex(/^\d+$/).nullable(),
  tally,
  failures: z.array(z.object({ dealId: z.string(), dealName: z.string().nullable(), reason: z.string() })),
});

export function fileCheckpoint(path: string): CheckpointStore & { clear(): Promise<void> } {
  return {
    async load() {
      let text: string;
      try {
        text = await fs.readFile(path, 'utf8');
      } catch {
        return null;
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return null;
      }
      const parsed = checkpointSchema.safeParse(json);
      return parsed.success ? (parsed.data as Checkpoint) : null;
    },
    async save(checkpoint) {
      const temporary = `${path}.${process.pid}.tmp`;
      await fs.writeFile(temporary, JSON.stringify(checkpoint));
      await fs.rename(temporary, path);
    },
    async clear() {
      await fs.rm(path, { force: true });
    },
  };
}
