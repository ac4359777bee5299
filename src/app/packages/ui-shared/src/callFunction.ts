// Calls an app function by uid with the contract's types; a rejected call becomes a user-safe failure.
import { hubspot } from '@hubspot/ui-extensions';
import type { FunctionUid, ParamsOf, ResultOf } from '../../../../core/contract';

export type CallFunction = <U extends FunctionUid>(uid: U, params: ParamsOf<U>) => Promise<ResultOf<U>>;

export const callFunction: CallFunction = async (uid, params) => {
  try {
    return await hubspot.serverless(uid, { parameters: params });
  } catch {
    // HubSpot wraps a crashed or timed-out function in a generic error; say what the rep can do.
    return {
      ok: false,
      error: {
        code: 'internal',
        message: 'The Aurora app did not answer.',
        action: 'Try again in a moment. If it keeps failing, ask your HubSpot admin to check the app logs.',
        retryable: true,
      },
    } as ResultOf<typeof uid>;
  }
};
