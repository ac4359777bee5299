// The rule for ids that arrive from outside (a webhook query, a card parameter, a deal property a user can edit): an
// Aurora object is acted on only once Aurora itself says it belongs to the deal's project. Ids are never trusted alone.
import type { UserError, UserFacing } from '../contract';
import { readText } from '../mapping/conversions';

/** True only when Aurora names the project and it is the deal's (an object without a project proves nothing). */
export const belongsToProject = (object: { project_id?: string | null }, projectId: string): boolean => readText(object.project_id) === projectId;

/** An Aurora object named by an id from outside that is not the deal's project's: nothing was written or spent on it. */
export class ForeignObjectError extends Error implements UserFacing {
  constructor(readonly noun: string) {
    super(`This ${noun} does not belong to the deal's Aurora project`);
    this.name = 'ForeignObjectError';
  }
  toUserError(): UserError {
    return {
      code: 'invalid_input',
      message: `The ${this.noun} this deal points at does not belong to the deal's Aurora project, so the app left it alone.`,
      action: `Check the deal's Aurora properties (someone may have edited them), or request a new ${this.noun} for this deal.`,
      retryable: false,
    };
  }
}

/** Throws ForeignObjectError unless Aurora says `object` belongs to `projectId`. */
export function requireOwned<T extends { project_id?: string | null }>(object: T, projectId: string, noun: string): T {
  if (!belongsToProject(object, projectId)) throw new ForeignObjectError(noun);
  return object;
}
