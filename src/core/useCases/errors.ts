// Typed outcomes of the rep's actions that are failures, each with words a rep understands (UserFacing).
import { ConfigError } from '../config';
import type { Failure, UserError, UserFacing } from '../contract';

/** The deal has no Aurora project yet, so there is nothing to sync, update or design. */
export class NotLinkedError extends Error implements UserFacing {
  constructor() {
    super('The deal is not linked to an Aurora project');
    this.name = 'NotLinkedError';
  }
  toUserError(): UserError {
    return {
      code: 'not_linked',
      message: 'This deal is not linked to an Aurora project yet.',
      action: 'Press Create in Aurora first.',
      retryable: false,
    };
  }
}

/** Aurora answers 404 for the linked project: deleted there (or the app points at another Aurora account). */
export class ProjectMissingError extends Error implements UserFacing {
  constructor(readonly projectId: string) {
    super(`Aurora project ${projectId} not found`);
    this.name = 'ProjectMissingError';
  }
  toUserError(): UserError {
    return {
      code: 'aurora_not_found',
      message: PROJECT_MISSING_WORDS,
      action: 'Unlink the deal to create a new Aurora project for it. If the project still exists in Aurora, ask your HubSpot admin to check which Aurora account the app uses.',
      retryable: false,
    };
  }
}

export const PROJECT_MISSING_WORDS =
  "This deal's Aurora project no longer exists in Aurora: it was probably deleted there, or the app now points at another Aurora account.";

/** Aurora created the project but HubSpot did not save the link: the next Create in Aurora links it, without a second one. */
export class LinkNotSavedError extends Error implements UserFacing {
  constructor(
    readonly projectId: string,
    readonly reason: unknown,
  ) {
    super(`Aurora project ${projectId} created but not linked to the deal`);
    this.name = 'LinkNotSavedError';
  }
  toUserError(): UserError {
    return {
      code: 'hubspot_unavailable',
      message: 'The Aurora project was created, but HubSpot did not save the link to it on this deal.',
      action: 'Press Create in Aurora again: it links the project already made, and never creates a second one.',
      retryable: true,
    };
  }
}

/** Unlink refused: Aurora still has the project, so unlinking would orphan it. */
export class ProjectStillExistsError extends Error implements UserFacing {
  constructor() {
    super('The Aurora project still exists');
    this.name = 'ProjectStillExistsError';
  }
  toUserError(): UserError {
    return {
      code: 'already_linked',
      message: 'The Aurora project still exists, so the deal stays linked to it.',
      action: 'Press Sync to refresh the deal from Aurora.',
      retryable: false,
    };
  }
}

/** A design request action that does not fit its current state (e.g. accepting one the designers have not finished). */
export class DesignRequestStateError extends Error implements UserFacing {
  constructor(
    message: string,
    readonly action: string,
  ) {
    super(message);
    this.name = 'DesignRequestStateError';
  }
  toUserError(): UserError {
    return { code: 'invalid_input', message: this.message, action: this.action, retryable: false };
  }
}

/** A design id from the card that is not one of the deal's Aurora project: nothing is written for it. */
export class DesignNotInProjectError extends Error implements UserFacing {
  constructor() {
    super('The design is not in the deal\'s Aurora project');
    this.name = 'DesignNotInProjectError';
  }
  toUserError(): UserError {
    return {
      code: 'invalid_input',
      message: 'This design is not one of the Aurora project linked to this deal.',
      action: 'Press Sync to refresh the designs, then choose one from the list.',
      retryable: false,
    };
  }
}

/** A webhook's work that Aurora's redelivery must finish (recorded on the deal meanwhile), e.g. a hand-off another call is doing. */
export class DeliverAgainError extends Error {
  constructor(readonly why: string) {
    super(why);
    this.name = 'DeliverAgainError';
  }
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
