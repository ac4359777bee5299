// The workbench's stand-in for `@hubspot/ui-extensions/crm`: the card does not use these, so each fails loudly.
import { unsupportedComponent } from './components';

export const CrmPropertyList = unsupportedComponent('CrmPropertyList');
export const CrmAssociationTable = unsupportedComponent('CrmAssociationTable');
export const CrmDataHighlight = unsupportedComponent('CrmDataHighlight');
export const CrmReport = unsupportedComponent('CrmReport');
export const CrmAssociationPivot = unsupportedComponent('CrmAssociationPivot');
export const CrmAssociationPropertyList = unsupportedComponent('CrmAssociationPropertyList');
export const CrmAssociationStageTracker = unsupportedComponent('CrmAssociationStageTracker');
export const CrmSimpleDeadline = unsupportedComponent('CrmSimpleDeadline');
export const CrmStageTracker = unsupportedComponent('CrmStageTracker');
export const CrmStatistics = unsupportedComponent('CrmStatistics');
export const CrmActionButton = unsupportedComponent('CrmActionButton');
export const CrmActionLink = unsupportedComponent('CrmActionLink');
export const CrmCardActions = unsupportedComponent('CrmCardActions');

export function useCrmProperties(): never {
  throw new Error('useCrmProperties is not supported by the workbench renderer: pass propertiesToSend to the function instead.');
}

export function useAssociations(): never {
  throw new Error('useAssociations is not supported by the workbench renderer.');
}
