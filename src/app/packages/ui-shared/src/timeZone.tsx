// The portal's time zone for clock times ("try again at 14:05"), given once by each extension's entry.
import { createContext, useContext } from 'react';
import { formatClockTime } from '@aurora/format';
import type { UserError } from '../../../../core/contract';

export const TimeZoneContext = createContext<string>('UTC');

export const useTimeZone = () => useContext(TimeZoneContext);

/** What to do about a failure: when the error knows when trying again can work, that time on the clock. */
export function actionWords(error: UserError, timeZone: string): string {
  return error.retryAt ? `Try again at ${formatClockTime(error.retryAt, timeZone)}.` : error.action;
}
