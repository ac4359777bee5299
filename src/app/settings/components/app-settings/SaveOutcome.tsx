// What a press of Save came to: saved, nothing to save, refused with each problem named, or changed meanwhile by someone else.
import { Alert, Text } from '@hubspot/ui-extensions';
import type { ResultOf } from '../../../../core/contract';
import { type ActionState, ErrorAlert } from '@aurora/ui-shared';

export function SaveOutcome({ state, onRetry }: { state: ActionState<ResultOf<'aurora_save_settings'>>; onRetry: () => void }) {
  if (state.status === 'failed') return <ErrorAlert title="Could not save the settings" error={state.error} onRetry={onRetry} />;
  if (state.status !== 'succeeded') return null;
  const { outcome, problems } = state.result;
  if (outcome === 'saved') {
    return (
      <Alert title="Settings saved" variant="success">
        <Text>They apply from the next sync, create or webhook.</Text>
      </Alert>
    );
  }
  if (outcome === 'unchanged') return <Alert title="Nothing to save" variant="info" />;
  return (
    <Alert title={outcome === 'conflict' ? 'Someone else changed the settings' : 'The settings were not saved'} variant="danger">
      {problems.map((problem) => (
        <Text key={`${problem.field}:${problem.message}`}>
          • {problem.field}: {problem.message}
        </Text>
      ))}
    </Alert>
  );
}
