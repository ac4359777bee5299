// The UI code the Deal card and the settings page share (an npm workspace package: each extension builds alone).
export { callFunction, type CallFunction } from './callFunction';
export { ErrorAlert, type ErrorAlertProps } from './ErrorAlert';
export { humanize, relativeTime, type TagVariant } from './format';
export { actionWords, AudienceContext, TimeZoneContext, useTimeZone } from './timeZone';
export { useAction, type Action, type ActionState, type ResultIcon, type Success } from './useAction';
