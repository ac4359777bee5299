// Where a signed contract moves the deal, per pipeline: one of the pipeline's real stages, its closed-won stage, or nowhere.
import { Flex, Heading, Select, Text } from '@hubspot/ui-extensions';
import type { AppSettings, SettingsChoices } from '../../../../core/contract';

/** The Select value for "no entry": the pipeline's closed-won stage. */
const DEFAULT_CHOICE = '__closed_won';
/** The stored marker for "don't move" (src/core/settings/model.ts DONT_MOVE). */
const DONT_MOVE = 'none';

export interface PostSaleSettingsProps {
  settings: AppSettings;
  pipelines: SettingsChoices['pipelines'];
  edit: (change: (draft: AppSettings) => AppSettings) => void;
}

export function PostSaleSettings({ settings, pipelines, edit }: PostSaleSettingsProps) {
  const setMove = (moveStage: boolean) => edit((draft) => ({ ...draft, postSale: { ...draft.postSale, moveStage } }));
  const setStage = (pipelineId: string, choice: string) =>
    edit((draft) => {
      const { [pipelineId]: _previous, ...others } = draft.postSale.stageByPipeline;
      const stageByPipeline = choice === DEFAULT_CHOICE ? others : { ...others, [pipelineId]: choice };
      return { ...draft, postSale: { ...draft.postSale, stageByPipeline } };
    });
  return (
    <Flex direction="column" gap="sm">
      <Heading>Post-sale hand-off</Heading>
      <Text variant="microcopy">When Aurora says a contract is signed, the deal moves forward to this stage (never backwards) and gets a note.</Text>
      <Select
        label="Move signed deals"
        name="post-sale-move"
        value={settings.postSale.moveStage ? 'yes' : 'no'}
        options={[
          { label: 'Yes, to the stage chosen per pipeline', value: 'yes' },
          { label: 'No, never move a deal', value: 'no' },
        ]}
        onChange={(value) => setMove(value === 'yes')}
      />
      {settings.postSale.moveStage
        ? pipelines.map((pipeline) => {
            const closedWon = pipeline.stages.find((stage) => stage.id === pipeline.closedWonStageId)?.label;
            return (
              <Select
                key={pipeline.id}
                label={`Signed deals in ${pipeline.label} move to`}
                name={`post-sale-stage-${pipeline.id}`}
                value={settings.postSale.stageByPipeline[pipeline.id] ?? DEFAULT_CHOICE}
                options={[
                  { label: closedWon ? `${closedWon} (the closed-won stage, default)` : 'The closed-won stage (this pipeline has none: no move)', value: DEFAULT_CHOICE },
                  { label: "Don't move deals of this pipeline", value: DONT_MOVE },
                  ...pipeline.stages.map((stage) => ({ label: stage.label, value: stage.id })),
                ]}
                onChange={(value) => setStage(pipeline.id, String(value))}
              />
            );
          })
        : null}
    </Flex>
  );
}
