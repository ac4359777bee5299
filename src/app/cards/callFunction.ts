// The card's app-function caller, from the shared UI package (tests build fake callers against this type).
export { callFunction, type CallFunction } from '@aurora/ui-shared';
