// The portal's time zone for clock times ("try again at 14:05"), given once by each extension's entry.
import { createContext, useContext } from 'react';
import { formatClockTime, toAdmin } from '@aurora/format';
import type { UserError } from '../../../../core/contract';

export const TimeZoneContext = createContext<string>('UTC');

export const useTimeZone = () => useContext(TimeZoneContext);

/** Who reads the words: a rep on the card, or the admin on the settings page (who is the "HubSpot admin"). */
export const AudienceContext = createContext<'rep' | 'admin'>('rep');

/** What to do about a failure: when the error knows when trying again can work, that time on the clock. */
export function actionWords(error: UserError, timeZone: string, audience: 'rep' | 'admin' = 'rep'): string {
  const action = error.retryAt ? `Try again at ${formatClockTime(error.retryAt, timeZone)}.` : error.action;
  return audience === 'admin' ? toAdmin(action) : action;
}
