// The record's left sidebar: core deal properties, the app's `aurora_*` properties (changes flash) and the contacts.
import type { DealDetail, PropertyDefinition } from '../protocol';

function PropertyList({ definitions, deal, changed, testId }: { definitions: PropertyDefinition[]; deal: DealDetail; changed: Set<string>; testId: string }) {
  return (
    <dl className="wb-props" data-testid={testId}>
      {definitions.map((definition) => {
        const value = deal.properties[definition.name];
        const empty = value === null || value === undefined || value === '';
        return (
          <div
            key={definition.name}
            className={`wb-prop ${empty ? 'wb-prop--empty' : ''} ${changed.has(definition.name) ? 'wb-prop--changed' : ''}`}
            data-property={definition.name}
          >
            <dt title={definition.name}>{definition.label}</dt>
            <dd>{empty ? '—' : value}</dd>
          </div>
        );
      })}
    </dl>
  );
}

export function PropertiesPanel({ deal, changed }: { deal: DealDetail; changed: Set<string> }) {
  return (
    <>
      <section className="wb-panel">
        <div className="wb-section__title">About this deal</div>
        <div className="wb-section__body">
          <PropertyList definitions={deal.core} deal={deal} changed={changed} testId="core-properties" />
        </div>
      </section>
      <section className="wb-panel">
        <div className="wb-section__title">
          Aurora Solar <small>live</small>
        </div>
        <div className="wb-section__body">
          {deal.aurora.length === 0 ? (
            <p className="wb-muted">No Aurora properties in this portal yet: run “Set up HubSpot” on the settings page.</p>
          ) : (
            <PropertyList definitions={deal.aurora} deal={deal} changed={changed} testId="aurora-properties" />
          )}
        </div>
      </section>
      <section className="wb-panel">
        <div className="wb-section__title">Contacts ({deal.contacts.length})</div>
        <div className="wb-section__body">
          {deal.contactsError && <p className="wb-muted">{deal.contactsError}</p>}
          {deal.contacts.length === 0 && !deal.contactsError && <p className="wb-muted">No associated contacts.</p>}
          {deal.contacts.map((contact) => {
            const p = contact.properties;
            const street = [p.address, p.city, [p.state, p.zip].filter(Boolean).join(' ')].filter(Boolean).join(', ');
            return (
              <div className="wb-contact" key={contact.id}>
                <strong>{[p.firstname, p.lastname].filter(Boolean).join(' ') || `Contact ${contact.id}`}</strong>
                <div className="wb-muted">{p.email ?? 'no email'}</div>
                <div>{street || <span className="wb-muted">no address</span>}</div>
              </div>
            );
          })}
        </div>
      </section>
    </>
  );
}
