// App function edge (skeleton until its use case lands): validates parameters and answers with a typed result.
import { z } from 'zod';
import { fail, runCardFunction, type CardContext } from './edge';

export const main = (context: CardContext) =>
  runCardFunction(context, z.object({}).passthrough(), async () =>
    fail({ code: 'internal', message: 'This action is not available yet.', action: 'Update the app.', retryable: false }),
  );
