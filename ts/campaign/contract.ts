// What a campaign tells each run it starts, and nothing else: environment variables, so that any
// program can be an arm (a mintbench run command, or a launcher that forwards them into a guest).
import { expected } from '../base/errors.js';
import { integer } from '../base/validate.js';
import { CAMPAIGN_ID_PATTERN, type RecordCampaign } from '../results/schema.js';

/** The campaign's id: every run it makes records it. */
export const CAMPAIGN_ID_VARIABLE = 'MINTBENCH_CAMPAIGN_ID';
/** The round (1-based) this run belongs to. */
export const CAMPAIGN_ROUND_VARIABLE = 'MINTBENCH_CAMPAIGN_ROUND';
/** The run's place (1-based) in its round's randomized order. */
export const CAMPAIGN_POSITION_VARIABLE = 'MINTBENCH_CAMPAIGN_POSITION';
/** The arm's label: the configuration the run is recorded under unless it names another itself (--config). */
export const CAMPAIGN_ARM_VARIABLE = 'MINTBENCH_CAMPAIGN_ARM';
/** The directory result files go to unless the run names another itself (--out). */
export const CAMPAIGN_OUT_VARIABLE = 'MINTBENCH_CAMPAIGN_OUT';
/** Set to 1 before the first round: check every option, exit 0 if the run could go ahead, 2 with one line if not, and measure nothing. */
export const CAMPAIGN_CHECK_VARIABLE = 'MINTBENCH_CAMPAIGN_CHECK';

export interface CampaignEnvironment {
  /** Where this run stands in the campaign. */
  place: RecordCampaign;
  arm?: string;
  out?: string;
  /** Only check the options: measure nothing. */
  checkOnly: boolean;
}

/** The variables a campaign sets for one run (or, with `checkOnly`, for the check before the first round). */
export function campaignVariables(place: RecordCampaign, arm: string, out: string | undefined, checkOnly = false): Record<string, string> {
  return {
    [CAMPAIGN_ID_VARIABLE]: place.id,
    [CAMPAIGN_ROUND_VARIABLE]: String(place.round),
    [CAMPAIGN_POSITION_VARIABLE]: String(place.position),
    [CAMPAIGN_ARM_VARIABLE]: arm,
    ...(out === undefined ? {} : { [CAMPAIGN_OUT_VARIABLE]: out }),
    ...(checkOnly ? { [CAMPAIGN_CHECK_VARIABLE]: '1' } : {}),
  };
}

function positive(name: string, text: string | undefined): number {
  const value = text !== undefined && /^\d+$/.test(text) ? Number(text) : text;
  return integer(name, value, 1);
}

/**
 * The campaign this process runs in, from its environment; undefined when MINTBENCH_CAMPAIGN_ID is
 * unset (a run made alone). Bad values are usage errors naming the variable.
 */
export function campaignFromEnvironment(env: NodeJS.ProcessEnv = process.env): CampaignEnvironment | undefined {
  const id = env[CAMPAIGN_ID_VARIABLE];
  if (id === undefined || id === '') return undefined;
  if (!CAMPAIGN_ID_PATTERN.test(id)) {
    throw expected('a campaign id of letters, digits, ., _ and - (at most 64)', CAMPAIGN_ID_VARIABLE, id);
  }
  const round = positive(CAMPAIGN_ROUND_VARIABLE, env[CAMPAIGN_ROUND_VARIABLE]);
  const position = positive(CAMPAIGN_POSITION_VARIABLE, env[CAMPAIGN_POSITION_VARIABLE]);
  const arm = env[CAMPAIGN_ARM_VARIABLE];
  const out = env[CAMPAIGN_OUT_VARIABLE];
  return {
    place: { id, round, position },
    ...(arm === undefined || arm === '' ? {} : { arm }),
    ...(out === undefined || out === '' ? {} : { out }),
    checkOnly: env[CAMPAIGN_CHECK_VARIABLE] === '1',
  };
}
