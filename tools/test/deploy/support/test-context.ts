import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import type { CommandRunner, RunOptions } from '../../../src/deploy/command-runner';
import type { DeployContext } from '../../../src/deploy/deploy-context';

/** One recorded external command. */
export interface RecordedRun {
  readonly command: string;
  readonly args: readonly string[];
  readonly options: RunOptions;
}

/** A context whose commands are recorded, whose clock only moves when sleeping and whose AWS clients are real
 * SDK clients (tests intercept them with aws-sdk-client-mock). */
export function testContext(cwd: string, overrides: Partial<DeployContext> = {}) {
  const lines: string[] = [];
  const runs: RecordedRun[] = [];
  let clock = 0;
  const runner: CommandRunner = {
    async run(command, args, options = {}) {
      runs.push({ command, args, options });
    },
  };
  const ctx: DeployContext = {
    cwd,
    print: (line) => lines.push(line),
    runner,
    aws: (region) => ({ ecs: new ECSClient({ region }), ecr: new ECRClient({ region }) }),
    sleep: async (ms) => {
      clock += ms;
    },
    now: () => clock,
    canRun: (program) => program === 'docker',
    ...overrides,
  };
  return { ctx, lines, runs };
}
