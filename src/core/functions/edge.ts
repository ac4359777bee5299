// Shared shape of every card-called function: parse parameters, run a use case, turn failures into user-safe errors.
import { z } from 'zod';
import type { Failure } from '../contract';
import { fail, toFailure } from '../useCases/errors';

/** What HubSpot passes to a card-called function (hubspot.serverless). */
export interface CardContext {
  parameters?: unknown;
  propertiesToSend?: Record<string, string | null | undefined>;
}

export { fail, toFailure } from '../useCases/errors';

/** Validates the card's parameters, then runs the use case; returns data in every case. */
export async function runCardFunction<S extends z.ZodType, R>(
  context: CardContext,
  schema: S,
  run: (params: z.infer<S>) => Promise<R>,
): Promise<R | Failure> {
  const parsed = schema.safeParse(context?.parameters ?? {});
  if (!parsed.success) {
    return fail({
      code: 'invalid_input',
      message: `The card sent an invalid request: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'parameters'} ${i.message}`).join('; ')}.`,
      action: 'Reload the page and try again.',
      retryable: false,
    });
  }
  try {
    return await run(parsed.data);
  } catch (error) {
    return toFailure(error);
  }
}

const contextUser = z.looseObject({ user: z.looseObject({ email: z.string().max(254) }) });

/** Who pressed the button: the user HubSpot names in the function's context (documented for 2023.2), else null. */
export function actorOf(context: CardContext): string | null {
  const parsed = contextUser.safeParse(context);
  return parsed.success ? parsed.data.user.email : null;
}

/** HubSpot record ids are positive integers sent as strings. */
export const recordId = z.string().regex(/^\d{1,20}$/, 'must be a HubSpot record id');
