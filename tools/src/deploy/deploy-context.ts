import { execFileSync } from 'node:child_process';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { processRunner, type CommandRunner } from './command-runner';

/** The AWS clients a command talks to. */
export interface AwsClients {
  readonly ecs: ECSClient;
  readonly ecr: ECRClient;
}

/** Everything a command touches outside its own logic, injected so tests can replace each piece. */
export interface DeployContext {
  /** Workspace root: git, Dockerfiles and build output are resolved from here. */
  readonly cwd: string;
  /** One line of progress or result for the person at the terminal. */
  readonly print: (line: string) => void;
  /** Runs docker, podman and cdk for real; dry runs use a printing runner instead. */
  readonly runner: CommandRunner;
  /** AWS clients for a region; never called in a dry run. */
  readonly aws: (region: string) => AwsClients;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  /** Whether `program args` runs and exits 0 (used to pick docker with buildx, or podman). */
  readonly canRun: (program: string, args: readonly string[]) => boolean;
}

/** The context used by the real CLI. */
export function defaultContext(cwd: string): DeployContext {
  return {
    cwd,
    print: (line) => console.log(line),
    runner: processRunner,
    aws: (region) => ({ ecs: new ECSClient({ region }), ecr: new ECRClient({ region }) }),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => Date.now(),
    canRun: (program, args) => {
      try {
        execFileSync(program, [...args], { stdio: 'ignore', timeout: 10_000 });
        return true;
      } catch {
        return false;
      }
    },
  };
}
