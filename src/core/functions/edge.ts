// Shared shape of every card-called function: parse parameters, run a use case, turn failures into user-safe errors.
import { z } from 'zod';
import type { Failure, UserError, UserFacing } from '../contract';
import { ConfigError } from '../config';

/** What HubSpot passes to a card-called function (hubspot.serverless). */
export interface CardContext {
  parameters?: unknown;
  propertiesToSend?: Record<string, string | null | undefined>;
}

/** A failure result, built from a UserError. */
export const fail = (error: UserError): Failure => ({ ok: false, error });

/** Turns anything thrown into a user-safe failure; the typed errors of each layer carry their own message. */
export function toFailure(error: unknown): Failure {
  if (error instanceof ConfigError) {
    return fail({
      code: 'not_configured',
      message: error.message,
      action: 'Ask your HubSpot admin to add the missing secrets and open the app settings page.',
      retryable: false,
    });
  }
  if (isUserFacing(error)) return fail(error.toUserError());
  return fail({
    code: 'internal',
    message: 'Something unexpected went wrong in the Aurora app.',
    action: 'Try again. If it keeps happening, ask your HubSpot admin to check the app logs.',
    retryable: true,
  });
}

function isUserFacing(error: unknown): error is UserFacing {
  return typeof error === 'object' && error !== null && typeof (error as UserFacing).toUserError === 'function';
}

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

/** HubSpot record ids are positive integers sent as strings. */
export const recordId = z.string().regex(/^\d{1,20}$/, 'must be a HubSpot record id');
