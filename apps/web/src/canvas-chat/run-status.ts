import { RUN_STATUS_EFFECT, type TRunStatusEffectData, ZRunStatusEffectData } from '@wfchat/contracts';

/** Per node id, how it fared in the test chat's last run (the graph editor's `runStatus`). */
export type RunStatus = TRunStatusEffectData['nodes'];

/** The run status a test chat effect carries, or null for any other effect (or a malformed one). */
export function runStatusOf(effect: { name: string; data?: Record<string, unknown> }): RunStatus | null {
  if (effect.name !== RUN_STATUS_EFFECT) return null;
  const parsed = ZRunStatusEffectData.safeParse(effect.data);
  return parsed.success ? parsed.data.nodes : null;
}
